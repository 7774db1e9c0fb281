-- Two facts about each customer's chosen number that counts would otherwise look up for every
-- matched customer (docs/segments.md, "The address-phone cache"). The service keeps both
-- (service/src/segments/customer-phones.ts).
-- shared: another customer has the same number. Counts apply the one-recipient-per-number rule
-- with a plain sum over the numbers held once and COUNT(DISTINCT phone) over the shared ones only.
ALTER TABLE `PREFIX_shopcast_customer_phone` ADD COLUMN `shared` TINYINT(1) NOT NULL DEFAULT 0;
-- opted_out: the number is on the opt-out list. Set from the list by the service before every
-- count, so it needs no filling here; sending and exports still read the list itself.
ALTER TABLE `PREFIX_shopcast_customer_phone` ADD COLUMN `opted_out` TINYINT(1) NOT NULL DEFAULT 0;
CREATE INDEX `PREFIX_shopcast_customer_phone_opted_out` ON `PREFIX_shopcast_customer_phone` (`opted_out`);
-- The list's fingerprint (row count, newest created_at) tells the service when to set the flags
-- again; this index makes its MAX(created_at) one index read.
CREATE INDEX `PREFIX_shopcast_opt_out_created_at` ON `PREFIX_shopcast_opt_out` (`created_at`);

-- The numbers chosen before the shared column existed. The inner derived table lets MySQL read
-- the table it updates; running it again sets the same rows.
UPDATE `PREFIX_shopcast_customer_phone` SET `shared` = 1 WHERE `phone` IN (SELECT `phone` FROM (SELECT `phone` FROM `PREFIX_shopcast_customer_phone` WHERE `phone` IS NOT NULL GROUP BY `phone` HAVING COUNT(*) > 1) AS `held_twice`);
