package io.tollgrid.grid.account;

/**
 * PREPAID: the credit limit is normally zero, so calls spend only money already paid in.
 * POSTPAID: the credit limit is how much may be owed. Both obey the same rule: no call may take the
 * balance below minus the credit limit.
 */
public enum PayType { PREPAID, POSTPAID }
