"""Plan 15/KH-BDT of 18/01/2021 (the seed /work/shared/seed/000_9ede70dfb1e7e7b3.txt) as an AdminDocument.

The text is the seed's, verbatim, except: paragraphs split by a page break are joined; the asterisks around the
registration deadline (italic in the original) are dropped; "Số: 15 /KH-BDT" loses its stray space; the closing
"(C/2021/TĐKT)2" line (drafter code and copy count, an optional element the model has no field for) is left out.
The seed's own slips are kept: "điển hình tiên tiên" (item II.3) and the deadline "15/02/2020" in a 2021 plan.
"""
from __future__ import annotations

import datetime

from .documents.model import AdminDocument, Section

SUMMARY = ("Phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ ngành công tác dân tộc tỉnh Đồng Nai "
           "năm 2021")

PREAMBLE = [
    ("Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003 và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
     "khen thưởng; Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi "
     "hành một số điều của Luật Thi đua, khen thưởng;"),
    ("Thực hiện Nghị quyết Kế hoạch phát triển kinh tế - xã hội, quốc phòng-an ninh năm 2021 của tỉnh Đồng "
     "Nai; Kế hoạch của UBND tỉnh về chỉ tiêu, nhiệm vụ giải pháp chủ yếu phát triển kinh tế - xã hội, quốc "
     "phòng-an ninh năm 2021 và Chương trình công tác dân tộc năm 2021;"),
    ("Thực hiện Chỉ thị số 01/CT-UBND ngày 05/01/2021 của Chủ tịch UBND tỉnh về việc phát động phong trào thi "
     "đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an ninh năm 2021;"),
    ("Ban Dân tộc ban hành Kế hoạch phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ ngành công tác "
     "dân tộc tỉnh Đồng Nai năm 2021 với những nội dung cụ thể như sau:"),
]

# I. MỤC ĐÍCH, YÊU CẦU
PURPOSE = [
    ("- Phát huy tinh thần trách nhiệm, tính sáng tạo của mỗi tập thể, cá nhân, tạo khí thế thi đua sôi nổi "
     "trong toàn ngành công tác dân tộc tỉnh Đồng Nai, phấn đấu hoàn thành xuất sắc nhiệm vụ được giao, góp "
     "phần thực hiện thắng lợi các chỉ tiêu, nhiệm vụ giải pháp chủ yếu phát triển kinh tế - xã hội, quốc "
     "phòng-an ninh của tỉnh năm 2021."),
    ("- Tổng kết, nêu gương và động viên, khen thưởng kịp thời những điển hình tiên tiến có thành tích tiêu "
     "biểu, xuất sắc trong phong trào thi đua; chú trọng phát hiện, bồi dưỡng và nhân rộng các điển hình tiên "
     "tiến tạo sự lan tỏa trong toàn ngành trên cơ sở phát huy tinh thần sáng tạo, dám nghĩ, dám làm, dám "
     "chịu trách nhiệm trong thực hiện nhiệm vụ của mỗi cá nhân."),
]

REQUIREMENTS = [
    ("Phong trào thi đua phải gắn trực tiếp vào nhiệm vụ chính trị được giao; xác định rõ thời gian, nội "
     "dung, tiêu chí đánh giá thi đua đảm bảo chất lượng, có hiệu quả của phong trào, đồng thời phong trào "
     "thi đua phải thiết thực, đảm bảo công khai, minh bạch, tránh phô trương hình thức."),
]

# II. NỘI DUNG THI ĐUA: five numbered items; item 2 has seven "-" paragraphs.
CONTENTS = [
    ("1. Tiếp tục quán triệt tư tưởng của Chủ tịch Hồ Chí Minh về thi đua ái quốc; đặc biệt chú trọng đổi mới "
     "nội dung, phương pháp tổ chức phong trào thi đua yêu nước theo tinh thần Chỉ thị số 34-CT/TW ngày "
     "07/4/2014 của Bộ Chính trị về tiếp tục đổi mới công tác thi đua khen thưởng và Thông tri số 28-TT/TU "
     "ngày 02/7/2014 của Ban Thường vụ Tỉnh ủy về tiếp tục đẩy mạnh phong trào thi đua yêu nước, phát hiện, "
     "bồi dưỡng, tổng kết và nhân rộng điển hình tiên tiến."),
    ("2. Triển khai thực hiện Chỉ thị số 01/CT-UBND ngày 05/01/2021 của Chủ tịch UBND tỉnh trên cơ sở thực "
     "hiện thắng lợi các chỉ tiêu nhiệm vụ giải pháp của ngành công tác dân tộc tại Chương trình trọng tâm "
     "công tác năm 2021:"),
    ("- Thực hiện các nhiệm vụ công tác dân tộc năm 2021 trong bối cảnh Đại hội Đại biểu các dân tộc thiểu số "
     "toàn quốc lần thứ II diễn ra thành công tốt đẹp, gắn với việc thực hiện các Nghị quyết của Quốc hội, "
     "Chính phủ về phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn "
     "2021-2025; Nghị quyết Đại hội Đảng bộ tỉnh Đồng Nai lần thứ XI, nhiệm kỳ 2020-2025 gắn với thực hiện "
     "Chỉ thị số 55-CT/TU ngày 27/4/2020 của Ban Thường vụ Tỉnh ủy về tiếp tục thực hiện Nghị quyết số "
     "24-NQ/TW của Ban chấp hành Trung ương Đảng (khóa IX) về công tác dân tộc trong tình hình mới."),
    ("- Thực hiện đồng bộ các giải pháp nhằm nâng cao chất lượng, hiệu quả trong công tác tham mưu, đề xuất "
     "xây dựng các chính sách dân tộc; chủ động nắm bắt, kịp thời đề xuất điều chỉnh các chính sách dân tộc "
     "cho phù hợp với tình hình thực tiễn, hoặc đề xuất những chính sách phù hợp với đặc điểm tình hình dân "
     "tộc, vùng đồng bào dân tộc thiểu số trên địa bàn tỉnh. Chú trọng việc tổng kết đánh giá các chương "
     "trình, chính sách dân tộc trên địa bàn giai đoạn 2016 – 2020; tổ chức Hội nghị biểu dương khen thưởng "
     "các cá nhân là người dân tộc thiểu số đạt thành tích xuất sắc trong các lĩnh vực, tạo sự lan toả trong "
     "toàn ngành công tác dân tộc và vùng dân tộc thiểu số và miền núi trên địa bàn tỉnh Đồng Nai."),
    ("- Đổi mới, nâng cao hiệu quả công tác tuyên truyền phổ biến giáo dục pháp luật, trợ giúp pháp lý trong "
     "vùng đồng bào dân tộc thiểu số; hỗ trợ hoạt động bình đẳng giới trong vùng đồng bào. Tạo điều kiện để "
     "mỗi cá nhân vùng đồng bào dân tộc thiểu số tiếp cận, hiểu, nắm vững và sử dụng pháp luật để bảo vệ "
     "quyền và lợi ích hợp pháp của chính mình."),
    ("- Tiếp tục rà soát, kiện toàn chức năng, nhiệm vụ và tổ chức bộ máy Ban Dân tộc, Phòng Dân tộc cấp "
     "huyện theo hướng dẫn của trung ương, của tỉnh. Chú trọng xây dựng kế hoạch đào tạo, bồi dưỡng phát "
     "triển nguồn nhân lực trong hệ thống cơ quan làm công tác dân tộc theo tinh thần Nghị quyết số 52/NQ-CP "
     "ngày 15/6/2016 của Chính phủ về đẩy mạnh phát triển nguồn nhân lực các dân tộc thiểu số đến năm 2020, "
     "định hướng đến năm 2030, Quyết định số 402/QĐ-TTg ngày 14/3/2016 của Thủ tướng Chính phủ về phê duyệt "
     "Đề án phát triển đội ngũ cán bộ, công chức, viên chức người dân tộc thiểu số trong thời kỳ mới; Quyết "
     "định số 771/QĐ-TTg ngày 26/6/2018 của Thủ tướng Chính phủ về phê duyệt Đề án \"Bồi dưỡng kiến thức dân "
     "tộc đối với cán bộ, công chức, viên chức giai đoạn 2018 - 2025\"."),
    ("- Xây dựng đội ngũ cán bộ, công chức cơ quan công tác dân tộc từ tỉnh tới cơ sở vững về chuyên môn "
     "nghiệp vụ, tâm huyết, trách nhiệm, nêu cao kỷ luật kỷ cương đáp ứng yêu cầu nhiệm vụ. Đẩy mạnh ứng dụng "
     "công nghệ thông tin trong hoạt động. Thực hiện tốt quy chế dân chủ ở cơ sở, đề cao vai trò giám sát của "
     "nhân dân đối với hoạt động của cán bộ, công chức. Tăng cường tiếp xúc, đối thoại, tập trung chỉ đạo "
     "giải quyết những kiến nghị chính đáng của đồng bào các dân tộc thiểu số trên địa bàn tỉnh."),
    ("- Thực hiện tốt công tác tiếp dân, xử lý đơn thư, khiếu nại, tố cáo; tiến hành thanh kiểm tra theo thẩm "
     "quyền; kiểm tra, đôn đốc việc triển khai thực hiện các chương trình, chính sách dân tộc ở các đơn vị, "
     "địa phương nhằm kịp thời tháo gỡ vướng mắc, khắc phục những hạn chế, bất cập trong quản lý nhà nước và "
     "đẩy nhanh tiến độ, nâng cao chất lượng, hiệu quả thực hiện chính sách dân tộc. Chú trọng thanh tra, "
     "kiểm tra theo chuyên đề liên quan đến đời sống, lợi ích hợp pháp của đồng bào DTTS."),
    ("- Tăng cường và nâng cao chất lượng thông tin thống kê, chế độ báo cáo thống kê của ngành dân tộc, thực "
     "hiện tốt cơ chế phối hợp, cung cấp, phổ biến thông tin trong công tác thống kê; thường xuyên cập nhật, "
     "phổ biến kịp thời thông tin tình hình chính trị, xã hội trên thế giới, khu vực và trong nước, nhất là "
     "những thông tin có tác động ảnh hưởng đến vùng dân tộc thiểu số và miền núi."),
    ("3. Thi đua lập thành tích chào mừng các ngày lễ lớn của đất nước, tổ chức các hoạt động thi đua chào "
     "mừng kỷ niệm 75 năm ngày truyền thống cơ quan quản lý Nhà nước về công tác dân tộc (03/5/1946 – "
     "03/5/2021). Thông qua đó, tuyên truyền sâu rộng về truyền thống vẻ vang, vai trò vị trí của cơ quan "
     "quản lý nhà nước về công tác dân tộc; nêu gương những tập thể, cá nhân tiêu biểu, những tấm gương sáng "
     "trong lĩnh vực công tác dân tộc; nhân rộng những điển hình tiên tiên; phát huy truyền thống, khơi dậy "
     "lòng tự hào của toàn thể cán bộ, công chức, người lao động trong hệ thống cơ quan công tác dân tộc; tạo "
     "phong trào thi đua sôi nổi từ tỉnh đến cơ sở và trong toàn thể cán bộ, công chức, người lao động nỗ lực "
     "phấn đấu thi đua lập thành tích, hoàn thành xuất sắc nhiệm vụ chính trị được giao."),
    ("4. Tiếp tục triển khai thực hiện có hiệu quả các phong trào “Toàn tỉnh chung sức xây dựng nông thôn "
     "mới”, “Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau”, “Cán bộ, công chức, viên "
     "chức thi đua thực hiện văn hóa công sở” giai đoạn 2019 - 2025 và các phong trào thi đua khác, hướng các "
     "phong trào thi đua vào việc học tập và làm theo tấm gương đạo đức của Chủ tịch Hồ Chí Minh nhằm nâng "
     "cao hiệu lực hiệu quả quản lý nhà nước về công tác dân tộc trên địa bàn tỉnh."),
    ("5. Tiếp tục kiện toàn Hội đồng thi đua – Khen thưởng Ban Dân tộc; sửa đổi bổ sung quy chế thi đua khen "
     "thưởng ngành công tác dân tộc; nâng cao chất lượng hoạt động của Hội đồng và vai trò, trách nhiệm của "
     "các thành viên của Hội đồng trong việc tham mưu tổ chức thực hiện các phong trào thi đua và thực hiện "
     "công tác khen thưởng theo quy định; trong đó chú trọng khen thưởng các tập thể nhỏ, cá nhân trực tiếp "
     "thực hiện công tác dân tộc, chính sách dân tộc trên địa tỉnh."),
]

# III. TỔ CHỨC THỰC HIỆN
ORGANISATION = [
    ("1. Căn cứ Kế hoạch này, đề nghị toàn thể công chức, người lao động cơ quan Ban Dân tộc và ngành công "
     "tác dân tộc tỉnh Đồng Nai nêu cao tinh thần trách nhiệm, nỗ lực phấn đấu, quyết tâm vượt qua mọi khó "
     "khăn, đoàn kết thống nhất thực hiện thắng lợi nhiệm vụ ngành công tác dân tộc tỉnh Đồng Nai năm 2021; "
     "trong đó trọng tâm là tổ chức các hoạt động thi đua chào mừng kỷ niệm 75 năm ngày truyền thống cơ quan "
     "quản lý Nhà nước về công tác dân tộc (03/5/1946 – 03/5/2021)."),
    ("2. Đề nghị Trưởng các phòng chuyên môn thuộc Ban thực hiện việc đăng ký các danh hiệu, hình thức thi "
     "đua khen thưởng cho các tập thể, cá nhân năm 2021 gửi về Văn phòng Ban Dân tộc trước ngày 15/02/2020 để "
     "tổng hợp; chủ động tham mưu Lãnh đạo Ban tổ chức thực hiện có hiệu quả các nội dung thi đua theo chức "
     "năng, nhiệm vụ được phân công."),
    ("3. Giao Văn phòng Ban tham mưu Lãnh đạo Ban, Hội đồng Thi đua-Khen thưởng Ban hướng dẫn, theo dõi, đôn "
     "đốc, kiểm tra, đánh giá việc thực hiện phong trào thi đua; kịp thời tham mưu đề xuất Lãnh đạo Ban, Hội "
     "đồng Thi đua – Khen thưởng Ban biểu dương khen thưởng hoặc trình cấp trên khen thưởng đối với các tập "
     "thể, cá nhân trong ngành công tác dân tộc có thành tích xuất sắc trong các phong trào thi đua yêu nước "
     "theo quy định hiện hành."),
]

RECIPIENTS = [
    "- Ban Thi đua khen thưởng (Sở Nội vụ);",
    "- Khối Thi đua 3;",
    "- Phòng Dân tộc cấp huyện;",
    "- Lãnh đạo các phòng thuộc Ban;",
    "- Trang Thông tin điện tử Ban Dân tộc;",
    "- Lưu: VT, VP.",
]


def seed_plan_document() -> AdminDocument:
    """Return plan 15/KH-BDT (phát động phong trào thi đua năm 2021) as the seed gives it."""
    return AdminDocument(
        parent_agency="UBND TỈNH ĐỒNG NAI",
        agency="BAN DÂN TỘC",
        number_symbol="15/KH-BDT",
        place="Đồng Nai",
        issued_on=datetime.date(2021, 1, 18),
        kind_title="KẾ HOẠCH",
        summary=SUMMARY,
        preamble=list(PREAMBLE),
        sections=[
            Section("I. MỤC ĐÍCH, YÊU CẦU", [("1. Mục đích", list(PURPOSE)), ("2. Yêu cầu", list(REQUIREMENTS))]),
            Section("II. NỘI DUNG THI ĐUA", [(None, list(CONTENTS))]),
            Section("III. TỔ CHỨC THỰC HIỆN", [(None, list(ORGANISATION))]),
        ],
        signer_title="TRƯỞNG BAN",
        signer_name="Nguyễn Văn Khang",
        recipients=list(RECIPIENTS),
    )


def numbered_items(paragraphs: list[str]) -> list[str]:
    """Group "N. …" paragraphs with the "- …" paragraphs under them; drop the "N. " prefix."""
    import re
    items: list[str] = []
    for paragraph in paragraphs:
        match = re.match(r"^\d+\.\s+", paragraph)
        if match or not items:
            items.append(paragraph[match.end():] if match else paragraph)
        else:
            items[-1] += "\n" + paragraph
    return items
