package io.tollgrid.rating.deck;

import java.util.List;

/** A deck definition was refused; nothing of it was loaded. Each error names where it is (file, line, column). */
public final class DeckRejectedException extends RuntimeException {
    private static final int ERRORS_IN_MESSAGE = 20;

    private final List<String> errors;

    public DeckRejectedException(List<String> errors) {
        super(errors.size() + " error(s): " + String.join("; ", errors.subList(0, Math.min(ERRORS_IN_MESSAGE, errors.size()))));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
