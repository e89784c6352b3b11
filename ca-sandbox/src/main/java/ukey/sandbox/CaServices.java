package ukey.sandbox;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * The sandbox CA's parts over one CA key, clock and address: what {@link HttpFront} routes requests to and what
 * the admin commands use.
 */
record CaServices(Clock clock, ApiViews views, RenewalService renewals, Challenges challenges, Issuance issuance,
                  SealService seals, CaRegistry registry) {

    static CaServices of(CaKeys ca, Clock clock, URI base) {
        Issuer issuer = new Issuer(ca);
        CertifiedAlgorithms algorithms = CertifiedAlgorithms.of(ca);
        Issuance issuance = new Issuance(issuer, clock);
        Challenges challenges = new Challenges(issuance, clock);
        SealService seals = new SealService(clock);
        return new CaServices(clock, new ApiViews(ca, algorithms, clock, base),
                new RenewalService(algorithms, challenges, issuance, clock), challenges, issuance, seals,
                new CaRegistry(ca, issuer, algorithms, seals, clock));
    }

    Instant now() {
        return clock.instant();
    }
}
