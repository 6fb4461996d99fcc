package io.tollgrid.grid.ledger;

/** TOPUP and REFUND credit the account (amount > 0); ADJUSTMENT moves it either way (amount != 0). */
public enum TransferKind { TOPUP, REFUND, ADJUSTMENT }
