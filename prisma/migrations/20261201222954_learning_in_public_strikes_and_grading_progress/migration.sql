-- AlterTable
ALTER TABLE "GradingRun" ADD COLUMN     "progress" JSONB;

-- CreateTable
CREATE TABLE "LearningInPublicStrike" (
    "id" TEXT NOT NULL,
    "homeworkExtrasId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "struckById" TEXT,
    "struckAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LearningInPublicStrike_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LearningInPublicStrike_homeworkExtrasId_url_key" ON "LearningInPublicStrike"("homeworkExtrasId", "url");

-- AddForeignKey
ALTER TABLE "LearningInPublicStrike" ADD CONSTRAINT "LearningInPublicStrike_homeworkExtrasId_fkey" FOREIGN KEY ("homeworkExtrasId") REFERENCES "HomeworkExtras"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearningInPublicStrike" ADD CONSTRAINT "LearningInPublicStrike_struckById_fkey" FOREIGN KEY ("struckById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

