// ---- USB packets, raw samples, RawProcessor (calibration + glitch suppression) ----

// ---- Datafile (TLV) records, signatures, calibration records ----
