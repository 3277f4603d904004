-- A portal link can carry its look (title, colour, logo, dark mode), validated when minted and served to the portal page.
-- AlterTable
ALTER TABLE "portal_sessions" ADD COLUMN     "branding" JSONB;
