package io.tollgrid.grid.account;

public enum AccountStatus { ACTIVE, FROZEN, CLOSED }
