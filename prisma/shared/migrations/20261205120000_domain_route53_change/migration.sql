-- The Route53 change that created a custom domain's CNAME, which verification follows until INSYNC.
ALTER TABLE "domains" ADD COLUMN "route53_change_id" TEXT;
