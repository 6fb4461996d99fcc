package io.tollgrid.grid.account;

public enum Direction { INBOUND, OUTBOUND }
