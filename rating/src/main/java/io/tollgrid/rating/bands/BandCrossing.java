package io.tollgrid.rating.bands;

/** How a call that runs across a band boundary is priced. */
public enum BandCrossing {
    /** Each billing increment is priced by the band in force when that increment starts. */
    SPLIT,
    /** The whole call is priced by the band in force when it starts. */
    START
}
