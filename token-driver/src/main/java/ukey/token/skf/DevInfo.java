package ukey.token.skf;

/**
 * The string fields of DEVINFO, the only ones read: vendors lay the struct out packed (294 bytes) or naturally
 * (296), which moves every ULONG after the strings, while Version, the strings and the two VERSION fields sit at
 * the same offsets both ways: Manufacturer[64] at 2, Issuer[64] at 66, Label[32] at 130, SerialNumber[32] at 162,
 * HWVersion at 194, FirmwareVersion at 196.
 */
record DevInfo(String manufacturer, String issuer, String label, String serial, String firmware) {

    /** Larger than any DEVINFO, so a vendor's longer struct never writes past the buffer. */
    static final int BUFFER_SIZE = 1024;

    static DevInfo parse(SkfText library, byte[] struct) {
        return new DevInfo(library.field(struct, 2, 64), library.field(struct, 66, 64),
                library.field(struct, 130, 32), library.field(struct, 162, 32),
                (struct[196] & 0xff) + "." + (struct[197] & 0xff));
    }
}
