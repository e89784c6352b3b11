package ukey.sandbox;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** A renewal order's status, as the web platforms show it. */
public enum OrderStatus {
    PENDING_REVIEW("待审核"),
    APPROVED("审核通过"),
    ISSUING("待制证"),
    DONE("已完成"),
    CLOSED("已关闭");

    private final String zh;

    OrderStatus(String zh) {
        this.zh = zh;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String zh() {
        return zh;
    }
}
