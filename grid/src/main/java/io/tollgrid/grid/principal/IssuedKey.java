package io.tollgrid.grid.principal;

/** A new API key, in clear this once, with what is stored about it. */
public record IssuedKey(String key, PrincipalKey stored) {
    @Override
    public String toString() {
        return "IssuedKey[" + stored.keyId() + "]";
    }
}
