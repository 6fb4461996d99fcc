package io.tollgrid.grid.session;

public enum SessionState { AUTHORISED, ANSWERED, STOPPED }
