-- CreateEnum
CREATE TYPE "GradingTrigger" AS ENUM ('submit', 'regrade');

-- DropIndex
DROP INDEX "Enrollment_courseId_idx";

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "homeworkPoints" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "learningInPublicPoints" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "points" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "latePenalty" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "GradingRun" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "deadLetteredAt" TIMESTAMP(3),
ADD COLUMN     "trigger" "GradingTrigger" NOT NULL DEFAULT 'submit',
ADD COLUMN     "workerId" TEXT;

-- CreateTable
CREATE TABLE "QuestionScore" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "points" DOUBLE PRECISION NOT NULL,
    "submissionId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuestionScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HomeworkScore" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "homeworkId" TEXT NOT NULL,
    "points" DOUBLE PRECISION NOT NULL,
    "maxPoints" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HomeworkScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "QuestionScore_questionId_idx" ON "QuestionScore"("questionId");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionScore_userId_questionId_key" ON "QuestionScore"("userId", "questionId");

-- CreateIndex
CREATE INDEX "HomeworkScore_homeworkId_idx" ON "HomeworkScore"("homeworkId");

-- CreateIndex
CREATE UNIQUE INDEX "HomeworkScore_userId_homeworkId_key" ON "HomeworkScore"("userId", "homeworkId");

-- CreateIndex
CREATE INDEX "Enrollment_courseId_points_idx" ON "Enrollment"("courseId", "points");

-- CreateIndex
CREATE UNIQUE INDEX "Submission_userId_idempotencyKey_key" ON "Submission"("userId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "GradingRun_deadLetteredAt_idx" ON "GradingRun"("deadLetteredAt");

-- AddForeignKey
ALTER TABLE "QuestionScore" ADD CONSTRAINT "QuestionScore_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionScore" ADD CONSTRAINT "QuestionScore_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionScore" ADD CONSTRAINT "QuestionScore_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkScore" ADD CONSTRAINT "HomeworkScore_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkScore" ADD CONSTRAINT "HomeworkScore_homeworkId_fkey" FOREIGN KEY ("homeworkId") REFERENCES "Homework"("id") ON DELETE CASCADE ON UPDATE CASCADE;

