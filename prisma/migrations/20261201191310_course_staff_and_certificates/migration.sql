-- CreateEnum
CREATE TYPE "CourseStaffRole" AS ENUM ('instructor', 'assistant');

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "certificateName" TEXT;

-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "recipientName" TEXT NOT NULL,
ADD COLUMN     "revokedById" TEXT,
ADD COLUMN     "revokedReason" TEXT;

-- CreateTable
CREATE TABLE "CourseStaff" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "CourseStaffRole" NOT NULL DEFAULT 'instructor',
    "addedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CourseStaff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CourseStaff_userId_idx" ON "CourseStaff"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CourseStaff_courseId_userId_key" ON "CourseStaff"("courseId", "userId");

-- CreateIndex
CREATE INDEX "Certificate_courseId_idx" ON "Certificate"("courseId");

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseStaff" ADD CONSTRAINT "CourseStaff_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseStaff" ADD CONSTRAINT "CourseStaff_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseStaff" ADD CONSTRAINT "CourseStaff_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

