"""`flask --app app deploy-check`: the production settings that would leave the app unsafe, in Vietnamese.

Errors make the command exit non-zero (a deployment script stops there); warnings are printed but pass.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Keys that have been seen in examples, tests and tutorials: never good enough for production.
KNOWN_WEAK_SECRETS = frozenset({"dev", "development", "secret", "secret-key", "changeme", "change-me",
                                "test", "test-secret-key", "thidua", "ThiDua@2021"})
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    setting: str
    message: str


def _secret_findings(config: dict, instance_path: str) -> list[Finding]:
    key = config.get("SECRET_KEY") or ""
    generated = Path(instance_path, "secret_key")
    if not key:
        return [Finding("error", "SECRET_KEY", "SECRET_KEY chưa được đặt.")]
    if key in KNOWN_WEAK_SECRETS:
        return [Finding("error", "SECRET_KEY", "SECRET_KEY là giá trị mặc định hoặc giá trị mẫu; hãy đặt một "
                                               "chuỗi ngẫu nhiên dài (ví dụ: python -c \"import secrets; "
                                               "print(secrets.token_hex(32))\").")]
    if generated.exists() and generated.read_text().strip() == key:
        return [Finding("error", "SECRET_KEY", "SECRET_KEY đang là khóa tự sinh khi chạy thử (instance/secret_key); "
                                               "khi vận hành phải đặt biến môi trường SECRET_KEY, giống nhau trên "
                                               "mọi máy chủ.")]
    if len(key) < MIN_SECRET_LENGTH:
        return [Finding("error", "SECRET_KEY", f"SECRET_KEY quá ngắn ({len(key)} ký tự); cần ít nhất "
                                               f"{MIN_SECRET_LENGTH} ký tự ngẫu nhiên.")]
    return []


def _certificate_findings(config: dict) -> list[Finding]:
    cert_path = Path(config.get("SIGNING_CERT") or "")
    key_path = Path(config.get("SIGNING_KEY") or "")
    if not cert_path.is_file() or not key_path.is_file():
        return [Finding("warning", "SIGNING_CERT", "Chưa có khóa ký hoặc chứng thư số (SIGNING_KEY, SIGNING_CERT): "
                                                   "không ký số được quyết định.")]
    try:
        from cryptography import x509
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    except (ValueError, OSError):
        return [Finding("warning", "SIGNING_CERT", f"Không đọc được chứng thư số {cert_path} (cần tệp PEM).")]
    if cert.issuer == cert.subject:
        return [Finding("warning", "SIGNING_CERT", "Chứng thư số là chứng thư tự ký (bản thử nghiệm): không có giá "
                                                   "trị pháp lý; hãy dùng chứng thư số chuyên dùng công vụ của cơ "
                                                   "quan.")]
    return []


def check(app) -> list[Finding]:
    """List every unsafe production setting of app, errors first."""
    config = app.config
    findings: list[Finding] = []
    if app.debug or config.get("DEBUG"):
        findings.append(Finding("error", "DEBUG", "Chế độ gỡ lỗi (DEBUG / FLASK_DEBUG) đang bật: lộ mã nguồn và "
                                                  "cho chạy lệnh từ trình duyệt; phải tắt."))
    if config.get("TESTING"):
        findings.append(Finding("error", "TESTING", "Chế độ kiểm thử (TESTING) đang bật; phải tắt."))
    findings += _secret_findings(config, app.instance_path)
    if not config.get("SESSION_COOKIE_SECURE"):
        findings.append(Finding("error", "HTTPS", "Cookie phiên chưa có cờ Secure và tiền tố __Host- (HTTPS=1 chưa "
                                                  "được đặt): phải chạy sau HTTPS và đặt HTTPS=1."))
    if not config.get("SESSION_COOKIE_HTTPONLY") or config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        findings.append(Finding("error", "SESSION_COOKIE_HTTPONLY", "Cookie phiên phải có HttpOnly và "
                                                                    "SameSite=Lax (hoặc Strict)."))
    if not config.get("WTF_CSRF_ENABLED", True):
        findings.append(Finding("error", "WTF_CSRF_ENABLED", "Chống giả mạo yêu cầu (CSRF) đang tắt; phải bật."))
    if not config.get("MAX_CONTENT_LENGTH"):
        findings.append(Finding("error", "MAX_UPLOAD_MB", "Chưa giới hạn dung lượng tải lên (MAX_UPLOAD_MB / "
                                                          "MAX_CONTENT_LENGTH)."))
    if not config.get("TRUSTED_HOSTS"):
        findings.append(Finding("error", "TRUSTED_HOSTS", "Chưa khai báo tên máy chủ được phép (TRUSTED_HOSTS, ví dụ "
                                                          "thidua.bdt.dongnai.gov.vn): yêu cầu mang tên máy chủ giả "
                                                          "vẫn được trả lời."))
    if config.get("ADMIN_TOTP_REQUIRED") is False:
        findings.append(Finding("error", "ADMIN_TOTP_REQUIRED", "Xác thực hai lớp (TOTP) cho quản trị viên đang tắt "
                                                                "(ADMIN_TOTP_REQUIRED=0); phải bật."))
    if config.get("LOAD_DEMO_DATA"):
        findings.append(Finding("error", "LOAD_DEMO_DATA", "Nạp dữ liệu mẫu đang bật (LOAD_DEMO_DATA): các tài khoản "
                                                           "mẫu có mật khẩu công khai; đặt LOAD_DEMO_DATA=0."))
    if str(config.get("DATABASE_URL", "")).startswith("sqlite"):
        findings.append(Finding("warning", "DATABASE_URL", "Đang dùng SQLite: chỉ phù hợp một máy chủ, một tiến "
                                                           "trình ghi; nhiều máy chủ thì dùng PostgreSQL."))
    findings += _certificate_findings(config)
    return sorted(findings, key=lambda f: f.level != "error")
