package ukey.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Struct offsets under both ABIs, against the values of the PKCS#11 headers as compiled on each platform. */
class CStructTest {

    @Test
    void windowsPacksEverythingWithFourByteUlong() {
        CStruct tokenInfo = CStruct.tokenInfo(Abi.WINDOWS_64);
        assertEquals(160, tokenInfo.size());
        assertEquals(96, tokenInfo.offset("flags"));
        assertEquals(116, tokenInfo.offset("ulMaxPinLen"));
        assertEquals(120, tokenInfo.offset("ulMinPinLen"));
        assertEquals(142, tokenInfo.offset("firmwareVersion"));
        assertEquals(16, CStruct.attribute(Abi.WINDOWS_64).size());
        assertEquals(4, CStruct.attribute(Abi.WINDOWS_64).offset("pValue"));
        assertEquals(12, CStruct.attribute(Abi.WINDOWS_64).offset("ulValueLen"));
        assertEquals(16, CStruct.mechanism(Abi.WINDOWS_64).size());
        assertEquals(2, CStruct.functionListHead(Abi.WINDOWS_64).offset("C_Initialize"));
        assertEquals(72, CStruct.info(Abi.WINDOWS_64).size());
        assertEquals(44, CStruct.initializeArgs(Abi.WINDOWS_64).size());
    }

    @Test
    void unixAlignsNaturallyWithEightByteUlong() {
        CStruct tokenInfo = CStruct.tokenInfo(Abi.UNIX_64);
        assertEquals(208, tokenInfo.size());
        assertEquals(96, tokenInfo.offset("flags"));
        assertEquals(144, tokenInfo.offset("ulMinPinLen"));
        assertEquals(186, tokenInfo.offset("firmwareVersion"));
        assertEquals(24, CStruct.attribute(Abi.UNIX_64).size());
        assertEquals(8, CStruct.attribute(Abi.UNIX_64).offset("pValue"));
        assertEquals(24, CStruct.mechanism(Abi.UNIX_64).size());
        assertEquals(8, CStruct.functionListHead(Abi.UNIX_64).offset("C_Initialize"));
        assertEquals(88, CStruct.info(Abi.UNIX_64).size());
        assertEquals(40, CStruct.info(Abi.UNIX_64).offset("flags"));
        assertEquals(48, CStruct.initializeArgs(Abi.UNIX_64).size());
    }
}
