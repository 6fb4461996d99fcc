package io.tollgrid.grid.voucher;

import java.util.List;

/** A batch just made, with its codes in clear: the only time they are ever shown. */
public record IssuedBatch(VoucherBatch batch, List<IssuedCode> codes) {
    public IssuedBatch {
        codes = List.copyOf(codes);
    }

    public record IssuedCode(String voucherId, String code) {
    }
}
