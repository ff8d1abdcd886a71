-- CreateEnum
CREATE TYPE "ReviewAssignmentKind" AS ENUM ('assigned', 'volunteer');

-- CreateEnum
CREATE TYPE "ReviewFlagReason" AS ENUM ('unfair', 'unhelpful');

-- CreateEnum
CREATE TYPE "ProjectScoreStatus" AS ENUM ('scored', 'needs_instructor', 'overridden');

-- DropForeignKey
ALTER TABLE "Project" DROP CONSTRAINT "Project_userId_fkey";

-- DropForeignKey
ALTER TABLE "Project" DROP CONSTRAINT "Project_courseId_fkey";

-- DropForeignKey
ALTER TABLE "ProjectReview" DROP CONSTRAINT "ProjectReview_projectId_fkey";

-- DropForeignKey
ALTER TABLE "ProjectReview" DROP CONSTRAINT "ProjectReview_reviewerId_fkey";

-- DropTable
DROP TABLE "Project";

-- DropTable
DROP TABLE "ProjectReview";

-- CreateTable
CREATE TABLE "ProjectAttempt" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "submissionDeadline" TIMESTAMP(3) NOT NULL,
    "reviewDeadline" TIMESTAMP(3) NOT NULL,
    "opensAtOverride" TIMESTAMP(3),
    "submissionDeadlineOverride" TIMESTAMP(3),
    "reviewDeadlineOverride" TIMESTAMP(3),
    "assignedAt" TIMESTAMP(3),
    "assignmentSeed" TEXT,

    CONSTRAINT "ProjectAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectSubmission" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "repoUrl" TEXT NOT NULL,
    "commitSha" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "dashboardUrl" TEXT,
    "learningInPublicUrls" TEXT[],
    "hoursSpent" DOUBLE PRECISION,
    "comments" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewAssignment" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "kind" "ReviewAssignmentKind" NOT NULL DEFAULT 'assigned',
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "replacedAt" TIMESTAMP(3),

    CONSTRAINT "ReviewAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PeerReview" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "overallComment" TEXT NOT NULL DEFAULT '',
    "learningInPublicUrls" TEXT[],
    "submittedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "agreement" DOUBLE PRECISION,
    "isOutlier" BOOLEAN NOT NULL DEFAULT false,
    "discardedAt" TIMESTAMP(3),
    "discardedById" TEXT,
    "discardReason" TEXT,

    CONSTRAINT "PeerReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PeerReviewAnswer" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "criterionId" TEXT NOT NULL,
    "levels" INTEGER[],
    "comment" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "PeerReviewAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewFeedback" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "helpfulness" INTEGER,
    "flag" "ReviewFlagReason",
    "flagComment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" TEXT,

    CONSTRAINT "ReviewFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectScore" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "status" "ProjectScoreStatus" NOT NULL,
    "criteria" JSONB NOT NULL,
    "projectPoints" DOUBLE PRECISION,
    "passed" BOOLEAN,
    "reason" TEXT NOT NULL,
    "reviewsReceived" INTEGER NOT NULL,
    "reviewsDone" INTEGER NOT NULL,
    "reviewsRequired" INTEGER NOT NULL,
    "reviewPoints" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "learningInPublicPoints" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreOverride" (
    "id" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "instructorId" TEXT NOT NULL,
    "projectPoints" DOUBLE PRECISION NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreOverride_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProjectAttempt_courseId_number_key" ON "ProjectAttempt"("courseId", "number");

-- CreateIndex
CREATE INDEX "ProjectSubmission_userId_idx" ON "ProjectSubmission"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectSubmission_attemptId_userId_key" ON "ProjectSubmission"("attemptId", "userId");

-- CreateIndex
CREATE INDEX "ReviewAssignment_reviewerId_idx" ON "ReviewAssignment"("reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewAssignment_submissionId_reviewerId_key" ON "ReviewAssignment"("submissionId", "reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "PeerReview_assignmentId_key" ON "PeerReview"("assignmentId");

-- CreateIndex
CREATE UNIQUE INDEX "PeerReviewAnswer_reviewId_criterionId_key" ON "PeerReviewAnswer"("reviewId", "criterionId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewFeedback_reviewId_key" ON "ReviewFeedback"("reviewId");

-- CreateIndex
CREATE INDEX "ReviewFeedback_flag_resolvedAt_idx" ON "ReviewFeedback"("flag", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectScore_submissionId_key" ON "ProjectScore"("submissionId");

-- CreateIndex
CREATE INDEX "ScoreOverride_submissionId_createdAt_idx" ON "ScoreOverride"("submissionId", "createdAt");

-- AddForeignKey
ALTER TABLE "ProjectAttempt" ADD CONSTRAINT "ProjectAttempt_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectSubmission" ADD CONSTRAINT "ProjectSubmission_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ProjectAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectSubmission" ADD CONSTRAINT "ProjectSubmission_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "ProjectSubmission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PeerReview" ADD CONSTRAINT "PeerReview_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "ReviewAssignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PeerReview" ADD CONSTRAINT "PeerReview_discardedById_fkey" FOREIGN KEY ("discardedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PeerReviewAnswer" ADD CONSTRAINT "PeerReviewAnswer_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "PeerReview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewFeedback" ADD CONSTRAINT "ReviewFeedback_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "PeerReview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewFeedback" ADD CONSTRAINT "ReviewFeedback_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectScore" ADD CONSTRAINT "ProjectScore_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "ProjectSubmission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreOverride" ADD CONSTRAINT "ScoreOverride_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "ProjectSubmission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreOverride" ADD CONSTRAINT "ScoreOverride_instructorId_fkey" FOREIGN KEY ("instructorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

