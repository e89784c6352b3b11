package ukey.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.operator.ContentSigner;

import ukey.token.ObjectSession;
import ukey.token.Token;
import ukey.token.pkcs11.Pkcs11Provider;

/**
 * The cost of serving a library from the host process: the same token calls in-process (FFM) and through
 * {@code ukey-host} (RPC over pipes), per call, printed, never asserted. Needs a token made by
 * {@code TokenBench prepare} (its keys sign). Usage: HostBench LIBRARY LABEL
 */
public final class HostBench {

    private static final char[] PIN = "12345678".toCharArray();

    private record Figures(double infoMicros, double listMillis, double signMicros) {
    }

    public static void main(String[] args) throws Exception {
        Path library = Path.of(args[0]);
        String label = args[1];
        long start = System.nanoTime();
        try (Pkcs11Provider hosted = Pkcs11Provider.open(library, true)) {
            find(hosted, label);
            double coldMillis = (System.nanoTime() - start) / 1e6;
            Figures host = measure(hosted, label);
            try (Pkcs11Provider inProcess = Pkcs11Provider.open(library)) {
                Figures ffm = measure(inProcess, label);
                System.out.printf("host start (spawn, HELLO, LOAD, C_Initialize, first listing): %.0f ms (%s)%n",
                        coldMillis, hosted.where());
                line("token info (2 calls)", ffm.infoMicros(), host.infoMicros(), 2);
                line("EC P-256 signature (3 calls)", ffm.signMicros(), host.signMicros(), 3);
                System.out.printf("%-32s in-process %8.2f ms, host %8.2f ms (%.2fx)%n", "listing, token + certificates",
                        ffm.listMillis(), host.listMillis(), host.listMillis() / ffm.listMillis());
            }
        }
    }

    private static void line(String what, double ffm, double host, int calls) {
        System.out.printf("%-32s in-process %8.1f us, host %8.1f us (%.2fx): %.1f us more per call%n", what, ffm,
                host, host / ffm, (host - ffm) / calls);
    }

    private static Figures measure(Pkcs11Provider provider, String label) throws Exception {
        Token token = find(provider, label);
        double info = medianMicros(500, token::info);
        double list = medianMicros(30, () -> {
            for (Token t : provider.tokens()) {
                t.info();
                t.certificates();
            }
        }) / 1000;
        byte[] id = token.certificates().getFirst().id();
        double sign;
        try (ObjectSession session = ObjectSession.of(token.login(PIN.clone()))) {
            ContentSigner signer = session.signer(id);
            sign = medianMicros(300, () -> {
                signer.getOutputStream().write(new byte[32]);
                signer.getSignature();
            });
        }
        return new Figures(info, list, sign);
    }

    private interface Action {
        void run() throws Exception;
    }

    /** The median of n timed runs after n/2 untimed ones (the JIT's warm-up). */
    private static double medianMicros(int n, Action action) throws Exception {
        for (int i = 0; i < n / 2; i++) {
            action.run();
        }
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            action.run();
            times.add(System.nanoTime() - t);
        }
        return times.stream().sorted().toList().get(n / 2) / 1e3;
    }

    private static Token find(Pkcs11Provider provider, String label) throws Exception {
        provider.rescan();
        for (Token token : provider.tokens()) {
            if (token.info().label().equals(label)) {
                return token;
            }
        }
        throw new IllegalStateException("token " + label + " not found");
    }
}
