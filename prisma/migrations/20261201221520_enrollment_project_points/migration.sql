-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "projectPoints" DOUBLE PRECISION NOT NULL DEFAULT 0;

