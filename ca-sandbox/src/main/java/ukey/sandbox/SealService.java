package ukey.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The seal service (电子签章): a first certificate gets a seal; a confirmed renewal's certificate may take it over. */
final class SealService {

    private final Clock clock;

    SealService(Clock clock) {
        this.clock = clock;
    }

    /** A new seal for a certificate the CA records for the first time, when the seal service is on. */
    void bind(State state, CertRecord record, Instant now) {
        if (!state.settings.sealService) {
            return;
        }
        Seal seal = new Seal();
        seal.id = "seal_" + RandomIds.hex(6);
        seal.name = "电子签章（" + Certs.commonName(record.subject) + "）";
        seal.certId = record.certId;
        seal.notAfter = record.notAfter;
        seal.updatedAt = now;
        state.seals.put(seal.id, seal);
    }

    Map<String, Object> seals(State state, String certId) {
        requireSealService(state);
        ApiChecks.known(state, certId);
        List<Map<String, Object>> seals = new ArrayList<>();
        state.seals.values().stream().filter(s -> s.certId.equals(certId)).forEach(s -> {
            Map<String, Object> view = view(s);
            view.put("id", ApiViews.shown(state, s.id));
            seals.add(view);
        });
        return ApiViews.ordered("certId", certId, "seals", seals);
    }

    ApiResponse extend(State state, ApiRequest request, String sealId) {
        requireSealService(state);
        JsonNode body = request.json();
        request.requireEcho(body, "sealId", sealId);
        String certId = ApiRequest.text(body, "certId");
        Seal seal = state.seals.get(sealId);
        if (seal == null) {
            throw Problem.of(ProblemCode.NOT_FOUND, "no seal " + sealId);
        }
        CertRecord target = ApiChecks.known(state, certId);
        ApiChecks.requireSigner(RequestSignature.verify(request.signature(), request.body()), target,
                "the certificate the seal moves to");
        if (!seal.certId.equals(certId)) {
            if (!ApiChecks.status(target, clock.instant()).equals("valid") || !succeeds(state, target, seal.certId)) {
                throw Problem.of(ProblemCode.SEAL_NOT_EXTENDABLE, "certificate " + certId
                        + " is not a valid confirmed renewal of the seal's certificate " + seal.certId);
            }
            seal.certId = certId;
            seal.notAfter = target.notAfter;
            seal.status = "extended";
            seal.updatedAt = clock.instant();
        }
        return ApiResponse.json(200, view(seal));
    }

    /** Whether target replaced `from` through confirmed renewals. */
    private static boolean succeeds(State state, CertRecord target, String from) {
        CertRecord step = state.certificates.get(from);
        while (step != null && step.supersededBy != null) {
            if (step.supersededBy.equals(target.certId)) {
                return true;
            }
            step = state.certificates.get(step.supersededBy);
        }
        return false;
    }

    private static Map<String, Object> view(Seal seal) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", seal.id);
        view.put("name", seal.name);
        view.put("certId", seal.certId);
        view.put("notAfter", seal.notAfter);
        view.put("status", seal.status);
        return view;
    }

    private static void requireSealService(State state) {
        if (!state.settings.sealService) {
            throw Problem.of(ProblemCode.SEAL_SERVICE_DISABLED, "the seal service is off");
        }
    }
}
