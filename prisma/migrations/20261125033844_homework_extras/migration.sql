-- CreateTable
CREATE TABLE "HomeworkExtras" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "homeworkId" TEXT NOT NULL,
    "solutionUrl" TEXT,
    "learningInPublicUrls" TEXT[],
    "lecturesHours" DOUBLE PRECISION,
    "homeworkHours" DOUBLE PRECISION,
    "faqUrl" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HomeworkExtras_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HomeworkExtras_homeworkId_idx" ON "HomeworkExtras"("homeworkId");

-- CreateIndex
CREATE UNIQUE INDEX "HomeworkExtras_userId_homeworkId_key" ON "HomeworkExtras"("userId", "homeworkId");

-- AddForeignKey
ALTER TABLE "HomeworkExtras" ADD CONSTRAINT "HomeworkExtras_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HomeworkExtras" ADD CONSTRAINT "HomeworkExtras_homeworkId_fkey" FOREIGN KEY ("homeworkId") REFERENCES "Homework"("id") ON DELETE CASCADE ON UPDATE CASCADE;

