package ukey.token;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Known SKF libraries of the USB keys that Chinese CAs hand out. A STARTING LIST gathered from public code and
 * installer scripts (see the design notes on SM2 and SKF): confirm each name against the vendors' current
 * installers. CAs often ship a vendor's library renamed for themselves, and many of these ship 32-bit only.
 */
final class SkfVendors {

    record Known(String file, String vendor) {
    }

    private static final String LONGMAI = "Longmai mToken GM3000 (龙脉)";
    private static final String FEITIAN = "Feitian ePass3000GM (飞天诚信)";
    private static final String HAITAI = "HaiTai (海泰方圆)";

    static final List<Known> WINDOWS = List.of(
            new Known("mtoken_gm3000.dll", LONGMAI),
            new Known("mtoken_gm3000_pcsc.dll", LONGMAI),
            new Known("GM3000SKF_ZJCA.dll", "Longmai GM3000, ZJCA build (浙江CA)"),
            new Known("mtoken_gm3000_xjca.dll", "Longmai GM3000, XJCA build (新疆CA)"),
            new Known("gm3k_for_bjca.dll", "Longmai GM3000, BJCA build (北京CA)"),
            new Known("gm3k_for_bjca_x64.dll", "Longmai GM3000, BJCA build (北京CA)"),
            new Known("ShuttleCsp11_3000GM.dll", FEITIAN),
            new Known("ShuttleCsp11_3000GM_SZCA.dll", "Feitian ePass3000GM, SZCA build (深圳CA)"),
            new Known("ZJCAePass3000gm.dll", "Feitian ePass3000GM, ZJCA build (浙江CA)"),
            new Known("SNCA_3000GM.dll", "Feitian ePass3000GM, SNCA build (陕西CA)"),
            new Known("SKFAPI20066.dll", HAITAI),
            new Known("SKFAPI20079.dll", HAITAI),
            new Known("SKFAPI20240.dll", HAITAI),
            new Known("SKFAPI20538.dll", HAITAI),
            new Known("SKFAPI20549.dll", HAITAI),
            new Known("SKFAPI30098.dll", HAITAI),
            new Known("NetcaSKF.dll", "Watchdata / NETCA (握奇 / 网证通)"),
            new Known("lgu3073_p1514_gm.dll", ""),
            new Known("USK218_GM.dll", ""),
            new Known("gdca_dal_szd3003_sm2.dll", "GDCA (数安时代)"),
            new Known("gdca_dal_ecc27.dll", "GDCA (数安时代)"));

    static final List<Known> LINUX = List.of(
            new Known("libgm3000.1.0.so", LONGMAI),
            new Known("libes_3000gm.so.1.0.0", FEITIAN),
            new Known("libsoftskf.so", "softskf (UKey Assistant's soft SKF token)"));

    /** Relative to the root; where vendors' Linux packages (Kylin, UOS) put their libraries. */
    static final List<String> LINUX_FOLDERS = List.of("/usr/lib", "/usr/lib64", "/usr/local/lib",
            "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib/loongarch64-linux-gnu",
            "/opt/lm-gm3000/lib", "/opt/apps/com.longmai.gm3000user/files/lib");

    private SkfVendors() {
    }

    /** The vendor the table gives this file name, "" when unknown. */
    static String vendorOf(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            return "";
        }
        String file = name.toString();
        int slash = Math.max(file.lastIndexOf('\\'), file.lastIndexOf('/'));
        String bare = file.substring(slash + 1);
        return Stream.of(WINDOWS, LINUX).flatMap(List::stream).filter(k -> k.file().equalsIgnoreCase(bare))
                .map(Known::vendor).findFirst().orElse("");
    }
}
