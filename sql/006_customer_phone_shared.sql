-- Whether another customer has the same chosen number. Counts apply the one-recipient-per-number
-- rule with a plain sum over the numbers held once and COUNT(DISTINCT phone) over the shared ones
-- only (docs/segments.md, "The address-phone cache"). The service sets it again whenever it
-- recomputes a customer's number (service/src/segments/customer-phones.ts).
ALTER TABLE `PREFIX_shopcast_customer_phone` ADD COLUMN `shared` TINYINT(1) NOT NULL DEFAULT 0;

-- The numbers chosen before this column existed. The inner derived table lets MySQL read the
-- table it updates; running it again sets the same rows.
UPDATE `PREFIX_shopcast_customer_phone` SET `shared` = 1 WHERE `phone` IN (SELECT `phone` FROM (SELECT `phone` FROM `PREFIX_shopcast_customer_phone` WHERE `phone` IS NOT NULL GROUP BY `phone` HAVING COUNT(*) > 1) AS `held_twice`);
