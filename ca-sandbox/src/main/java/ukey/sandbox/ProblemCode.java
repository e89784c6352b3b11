package ukey.sandbox;

import java.util.Locale;

/**
 * Every error code of the API, with its HTTP status, whether resending the same request may succeed, and the
 * user's message in both languages. {name} in a message is filled from the problem's fields. docs/renewal-api.md
 * lists the same table.
 */
public enum ProblemCode {
    BAD_REQUEST(400, false, "Bad request",
            "请求格式不正确。请升级 UKey 证书助手后重试；如仍出现，请联系技术支持。",
            "The request was malformed. Update UKey Assistant and try again; if it persists, contact support."),
    BAD_CSR(400, false, "Unreadable certificate request",
            "证书请求无法识别。请重新更新；如仍出现，请联系技术支持。",
            "The certificate request could not be read. Try the renewal again; if it persists, contact support."),
    BAD_SIGNATURE(401, false, "Bad signature",
            "CA 无法验证本次请求的签名。请确认插入的是这张证书所在的 UKey，然后重试。",
            "The CA could not verify the request's signature. Make sure the key holding this certificate is "
                    + "inserted, then try again."),
    CERT_REVOKED(403, false, "Certificate revoked",
            "这张证书已被吊销，不能在线更新。请联系 CA 重新办理证书。",
            "This certificate has been revoked and cannot be renewed online. Contact the CA for a new certificate."),
    CERT_SUPERSEDED(403, false, "Certificate already renewed",
            "这张证书已经更新过，新证书已生效，无需再次更新。",
            "This certificate has already been renewed and its successor is in force; there is nothing to renew."),
    CERT_EXPIRED(403, false, "Certificate expired",
            "证书已于 {notAfterDate} 过期，不能更新。请在平台申请证书修复订单，审核通过后使用“修复”。",
            "The certificate expired on {notAfterDate} and cannot be renewed. Place a repair order on the platform "
                    + "and use Repair once it is approved."),
    RENEWAL_WINDOW_NOT_OPEN(403, false, "Renewal window not open",
            "尚未到更新时间：证书到期前 {windowDays} 天内可以更新，即 {windowStartDate} 起。",
            "Too early to renew: renewal opens {windowDays} days before expiry, on {windowStartDate}."),
    NO_APPROVED_ORDER(403, false, "No approved order",
            "没有审核通过的{orderKindZh}订单（当前：{orderStatusZh}）。请先在平台办理并缴费，审核通过后再试。",
            "There is no approved {orderKindEn} order (now: {orderStatusEn}). Place and pay for one on the platform, "
                    + "and try again once it is approved."),
    REPAIR_NOT_APPLICABLE(403, false, "Repair not applicable",
            "证书尚未过期，无需修复，请使用“一键更新”。",
            "The certificate has not expired: renew it instead of repairing it."),
    UNKNOWN_CERTIFICATE(404, false, "Unknown certificate",
            "CA 没有这张证书的记录，不能在线更新。请确认设置中的 CA 服务地址，或联系 CA。",
            "The CA has no record of this certificate, so it cannot be renewed online. Check the CA service address "
                    + "in the settings, or contact the CA."),
    NOT_FOUND(404, false, "Not found",
            "CA 没有找到所请求的内容。请升级 UKey 证书助手后重试。",
            "The CA did not find what was asked for. Update UKey Assistant and try again."),
    SEAL_SERVICE_DISABLED(404, false, "No seal service",
            "这个 CA 不提供签章延期服务。",
            "This CA does not offer seal extension."),
    METHOD_NOT_ALLOWED(405, false, "Method not allowed",
            "请求格式不正确。请升级 UKey 证书助手后重试。",
            "The request was malformed. Update UKey Assistant and try again."),
    IDEMPOTENCY_CONFLICT(409, false, "Idempotency key reused",
            "同一请求编号被用于不同的请求。请重新开始本次操作；如仍出现，请联系技术支持。",
            "The same Idempotency-Key was used for a different request. Start again; if it persists, contact "
                    + "support."),
    INVALID_STATE(409, false, "Not possible in this state",
            "本次更新当前为“{status}”状态，不能进行这一步。请刷新后继续。",
            "The renewal is {status}; this step is not possible now. Refresh and continue."),
    CERTIFICATE_NOT_READY(409, true, "Certificate not ready",
            "新证书正在制作，请稍候。",
            "The new certificate is being made; please wait."),
    CERTIFICATE_MISMATCH(409, false, "Certificate mismatch",
            "所确认的证书不是 CA 签发的那一张。请重新下载新证书后再确认。",
            "The certificate being confirmed is not the one the CA issued. Download the new certificate again, "
                    + "then confirm."),
    SEAL_NOT_EXTENDABLE(409, false, "Seal not extendable",
            "签章不能延期到这张证书：它必须是签章所绑定证书的更新证书。",
            "The seal cannot be extended to this certificate: it must be a renewal of the seal's certificate."),
    BAD_POP(422, false, "Bad proof of possession",
            "新密钥的证书请求签名无效。请重新更新；如仍出现，请检查 UKey 驱动或联系技术支持。",
            "The certificate request is not signed by its own key. Try again; if it persists, check the key's "
                    + "driver or contact support."),
    KEY_REUSE_FORBIDDEN(422, false, "Key reuse forbidden",
            "CA 要求更新时生成新密钥，不能沿用原密钥。请选择生成新密钥后重试。",
            "The CA requires a new key pair for renewal; the old key cannot be kept. Choose a new key and try again."),
    SUBJECT_MISMATCH(422, false, "Subject mismatch",
            "证书请求中的名称与原证书不一致，CA 不能更新。请重试；如仍出现，请联系 CA。",
            "The name in the certificate request differs from the old certificate's, so the CA cannot renew it. "
                    + "Try again; if it persists, contact the CA."),
    UNSUPPORTED_ALGORITHM(422, false, "Unsupported algorithm",
            "CA 不支持这种算法（{algorithm}）。CA 支持：{supported}。",
            "The CA does not accept this algorithm ({algorithm}). It accepts: {supported}."),
    CHALLENGE_FAILED(422, false, "Wrong code",
            "短信验证码不正确，还可以再试 {attemptsLeft} 次。",
            "The SMS code is wrong; {attemptsLeft} attempts left."),
    CHALLENGE_EXPIRED(422, false, "Code no longer valid",
            "短信验证码已失效（已过期或错误次数过多）。请重新获取验证码后输入。",
            "The SMS code is no longer valid (expired, or too many wrong attempts). Ask for a new code and enter it."),
    RATE_LIMITED(429, true, "Too many requests",
            "操作太频繁，请 {retryAfterSeconds} 秒后再试。",
            "Too many requests; try again in {retryAfterSeconds} seconds."),
    INTERNAL_ERROR(500, true, "Internal error",
            "CA 服务出现内部错误，请稍后重试；如仍出现，请联系 CA。",
            "The CA had an internal error. Try again later; if it persists, contact the CA."),
    UNAVAILABLE(503, true, "Service unavailable",
            "CA 服务暂时不可用，请 {retryAfterSeconds} 秒后重试。",
            "The CA service is temporarily unavailable; try again in {retryAfterSeconds} seconds.");

    final int status;
    final boolean retryable;
    final String title;
    final String zh;
    final String en;

    ProblemCode(int status, boolean retryable, String title, String zh, String en) {
        this.status = status;
        this.retryable = retryable;
        this.title = title;
        this.zh = zh;
        this.en = en;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int status() {
        return status;
    }
}
