package ukey.token.skf;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import ukey.token.TokenError;
import ukey.token.TokenException;
import ukey.token.ffm.NativeFunction;

/**
 * The exports of one loaded SKF library, looked up one by one and bound lazily: the first call of a function looks
 * it up, so a library without an optional export still loads, and a vendor's other spelling
 * ({@code SKF_GetContianerType}) is accepted. Every function but one is a {@link NativeFunction} (on x86-64 all
 * through one downcall shape); SKF_EncryptInit takes a struct by value and keeps its exact downcall.
 */
final class FfmExports {

    private static final Linker LINKER = Linker.nativeLinker();
    static final ValueLayout.OfInt ULONG = ValueLayout.JAVA_INT;
    static final StructLayout BLOCK_CIPHER_PARAM = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(32, ValueLayout.JAVA_BYTE).withName("IV"), ULONG.withName("IVLen"),
            ULONG.withName("PaddingType"), ULONG.withName("FeedBitLen"));

    /**
     * Argument kinds per function, in C order: U ULONG, B BOOL (both 32-bit), P pointer or handle, S the
     * BLOCKCIPHERPARAM by value. Every function returns ULONG.
     */
    private static final Map<String, String> SIGNATURES = Map.ofEntries(
            Map.entry("SKF_EnumDev", "BPP"), Map.entry("SKF_ConnectDev", "PP"), Map.entry("SKF_DisConnectDev", "P"),
            Map.entry("SKF_GetDevInfo", "PP"), Map.entry("SKF_SetLabel", "PP"),
            Map.entry("SKF_GetPINInfo", "PUPPP"), Map.entry("SKF_VerifyPIN", "PUPP"),
            Map.entry("SKF_ChangePIN", "PUPPP"), Map.entry("SKF_UnblockPIN", "PPPP"),
            Map.entry("SKF_ClearSecureState", "P"), Map.entry("SKF_EnumApplication", "PPP"),
            Map.entry("SKF_OpenApplication", "PPP"), Map.entry("SKF_CloseApplication", "P"),
            Map.entry("SKF_EnumContainer", "PPP"), Map.entry("SKF_CreateContainer", "PPP"),
            Map.entry("SKF_DeleteContainer", "PP"), Map.entry("SKF_OpenContainer", "PPP"),
            Map.entry("SKF_CloseContainer", "P"), Map.entry("SKF_GetContainerType", "PP"),
            Map.entry("SKF_ImportCertificate", "PBPU"), Map.entry("SKF_ExportCertificate", "PBPP"),
            Map.entry("SKF_ExportPublicKey", "PBPP"), Map.entry("SKF_GenECCKeyPair", "PUP"),
            Map.entry("SKF_ImportECCKeyPair", "PP"), Map.entry("SKF_ECCSignData", "PPUP"),
            Map.entry("SKF_RSASignData", "PPUPP"), Map.entry("SKF_ImportSessionKey", "PUPUP"),
            Map.entry("SKF_EncryptInit", "PS"), Map.entry("SKF_Encrypt", "PPUPP"), Map.entry("SKF_CloseHandle", "P"));

    /** Vendors' other spellings of a standard export, tried after the standard name. */
    private static final Map<String, List<String>> ALIASES = Map.of(
            "SKF_GetContainerType", List.of("SKF_GetContianerType"));

    private final Path path;
    private final SymbolLookup lookup;
    private final Map<String, NativeFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, MethodHandle> exact = new ConcurrentHashMap<>();

    FfmExports(Path path, SymbolLookup lookup) {
        this.path = path;
        this.lookup = lookup;
    }

    boolean has(String function) {
        return symbol(function).isPresent();
    }

    void clear() {
        functions.clear();
        exact.clear();
    }

    private Optional<MemorySegment> symbol(String function) {
        Optional<MemorySegment> found = lookup.find(function);
        for (String alias : ALIASES.getOrDefault(function, List.of())) {
            found = found.or(() -> lookup.find(alias));
        }
        return found;
    }

    /** The function, its ULONG result zero-extended; on x86-64 called through the one shape of every call. */
    NativeFunction function(String function) throws TokenException {
        NativeFunction bound = functions.get(function);
        if (bound == null) {
            bound = NativeFunction.at(address(function), descriptor(SIGNATURES.get(function)));
            functions.put(function, bound);
        }
        return bound;
    }

    /** The downcall handle in the function's exact shape: for a struct passed by value (SKF_EncryptInit). */
    MethodHandle exactHandle(String function) throws TokenException {
        MethodHandle handle = exact.get(function);
        if (handle == null) {
            handle = LINKER.downcallHandle(address(function), descriptor(SIGNATURES.get(function)));
            exact.put(function, handle);
        }
        return handle;
    }

    private MemorySegment address(String function) throws TokenException {
        return symbol(function).orElseThrow(() -> new TokenException(TokenError.NOT_SUPPORTED,
                "SAR_NOTSUPPORTYETERR", function + " is missing from " + path, null, null));
    }

    private static FunctionDescriptor descriptor(String signature) {
        MemoryLayout[] arguments = new MemoryLayout[signature.length()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = switch (signature.charAt(i)) {
                case 'U', 'B' -> ULONG;
                case 'S' -> BLOCK_CIPHER_PARAM;
                default -> ValueLayout.ADDRESS;
            };
        }
        return FunctionDescriptor.of(ULONG, arguments);
    }
}
