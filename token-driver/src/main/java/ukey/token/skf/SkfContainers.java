package ukey.token.skf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ukey.token.Backend;
import ukey.token.Identity;
import ukey.token.KeyHalf;
import ukey.token.TokenError;
import ukey.token.TokenException;

/**
 * Containers read as identities, without a PIN. A half is there when its certificate or its key is: the
 * certificate from SKF_ExportCertificate(bSignFlag), the private key inferred from SKF_ExportPublicKey(bSignFlag)
 * answering (SKF cannot ask for a private key; a key pair's public half is exportable, a certificate imported
 * alone leaves none). Any answer but SAR_OK and a pulled key reads as "absent": vendors answer a missing
 * certificate with SAR_CERTNOTFOUNTERR, SAR_FAIL or SAR_KEYNOTFOUNTERR alike.
 */
final class SkfContainers {

    private static final Logger LOG = LoggerFactory.getLogger(SkfContainers.class);

    static final int TYPE_EMPTY = 0;
    static final int TYPE_RSA = 1;
    static final int TYPE_ECC = 2;
    /** GetContainerType is missing from the library (neither spelling). */
    static final int TYPE_UNKNOWN = -1;

    private SkfContainers() {
    }

    /** The identity id of a container: application and container name; opaque to callers. */
    static String id(String application, String container) {
        return application + "/" + container;
    }

    static List<Identity> list(SkfApi api, SkfLibrary library, SkfConnection connection) throws TokenException {
        List<Identity> identities = new ArrayList<>();
        for (String application : connection.applicationNames(api)) {
            long handle = connection.application(api, application);
            for (String container : names(api, library, handle)) {
                identities.add(identity(api, library, handle, application, container));
            }
        }
        return List.copyOf(identities);
    }

    static List<String> names(SkfApi api, SkfLibrary library, long application) throws TokenException {
        return library.names(SkfLibrary.sized("SKF_EnumContainer",
                (buffer, length) -> api.enumContainer(application, buffer, length), SkfLibrary.GUESS));
    }

    static Identity identity(SkfApi api, SkfLibrary library, long application, String applicationName,
                             String container) throws TokenException {
        long handle = open(api, library, application, container);
        try {
            int type = type(api, handle);
            Optional<KeyHalf> signing = half(api, handle, KeyHalf.Usage.SIGN);
            Optional<KeyHalf> encryption = half(api, handle, KeyHalf.Usage.ENCRYPT);
            return new Identity(id(applicationName, container), container, Backend.SKF, Optional.of(container),
                    signing, encryption, algorithm(type, signing));
        } finally {
            SkfConnection.quietly(() -> api.closeContainer(handle));
        }
    }

    static long open(SkfApi api, SkfLibrary library, long application, String container) throws TokenException {
        SkfApi.Ref handle = new SkfApi.Ref();
        Sar.check("SKF_OpenContainer", api.openContainer(application, library.encode(container), handle));
        return handle.value;
    }

    static int type(SkfApi api, long container) throws TokenException {
        if (!api.has("SKF_GetContainerType")) {
            return TYPE_UNKNOWN;
        }
        SkfApi.Ref type = new SkfApi.Ref();
        Sar.check("SKF_GetContainerType", api.getContainerType(container, type));
        return (int) type.value;
    }

    private static Optional<KeyHalf> half(SkfApi api, long container, KeyHalf.Usage usage) throws TokenException {
        boolean signing = usage == KeyHalf.Usage.SIGN;
        Optional<byte[]> certificate = optional("SKF_ExportCertificate",
                (buffer, length) -> api.exportCertificate(container, signing, buffer, length));
        Optional<byte[]> publicKey = optional("SKF_ExportPublicKey",
                (buffer, length) -> api.exportPublicKey(container, signing, buffer, length));
        if (certificate.isEmpty() && publicKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(KeyHalf.of(usage, certificate.orElse(null), publicKey.isPresent()));
    }

    /** Sized data that may be absent; only a pulled key is an error here. */
    static Optional<byte[]> optional(String function, SkfLibrary.SizedCall call) throws TokenException {
        try {
            byte[] data = SkfLibrary.sized(function, call, SkfLibrary.GUESS);
            return data.length == 0 ? Optional.empty() : Optional.of(data);
        } catch (TokenException e) {
            if (e.error() == TokenError.TOKEN_REMOVED) {
                throw e;
            }
            LOG.debug("{}: none ({})", function, e.codeName().orElse(e.getMessage()));
            return Optional.empty();
        }
    }

    private static String algorithm(int type, Optional<KeyHalf> signing) {
        return switch (type) {
            case TYPE_ECC -> "SM2";
            case TYPE_RSA -> "RSA";
            default -> signing.flatMap(KeyHalf::info).map(info -> {
                String name = info.keyAlgorithm();
                return name.startsWith("SM2") ? "SM2" : name.startsWith("RSA") ? "RSA" : "";
            }).orElse("");
        };
    }
}
