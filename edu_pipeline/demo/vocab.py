"""Small synthetic vocabularies of the demo (not reference facts the pipeline validates with)."""

from __future__ import annotations

# Birth-registration province codes (first 3 digits of the personal ID), weights for people
# living in former Đắk Lắk; former Phú Yên residents mostly carry 054.
PROVINCE_CODES = {
    "066": 80,
    "054": 4,
    "038": 3,
    "040": 3,
    "042": 2,
    "001": 1,
    "034": 1,
    "036": 1,
    "064": 2,
    "068": 1,
    "067": 1,
    "079": 1,
    "052": 1,
    "049": 1,
}
PROVINCE_CODES_PHU_YEN = {"054": 82, "066": 8, "052": 3, "038": 2, "040": 2, "079": 2, "001": 1}

# Mobile prefixes (10-digit numbers since 2018), and the 11-digit prefixes they replaced.
MOBILE_PREFIXES = (
    "086",
    "096",
    "097",
    "098",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "088",
    "091",
    "094",
    "081",
    "082",
    "083",
    "084",
    "085",
    "090",
    "093",
    "070",
    "076",
    "077",
    "078",
    "079",
)
OLD_MOBILE_PREFIX = {
    "032": "0162",
    "033": "0163",
    "034": "0164",
    "035": "0165",
    "036": "0166",
    "037": "0167",
    "038": "0168",
    "039": "0169",
    "083": "0123",
    "084": "0124",
    "085": "0125",
    "081": "0127",
    "082": "0129",
    "070": "0120",
    "079": "0121",
    "077": "0122",
    "076": "0126",
    "078": "0128",
}

NORTHERN_MINORITIES = {"Nùng": 4, "Tày": 3, "Thái": 1, "Mường": 1, "Dao": 1, "Hmông": 1}

STREETS = (
    "Lê Duẩn",
    "Nguyễn Tất Thành",
    "Phan Bội Châu",
    "Hùng Vương",
    "Trần Phú",
    "Y Jút",
    "Mai Hắc Đế",
    "Lý Thường Kiệt",
    "Phan Chu Trinh",
    "Ngô Quyền",
    "Hai Bà Trưng",
    "Trần Hưng Đạo",
    "Lê Thánh Tông",
    "Nguyễn Huệ",
    "Hoàng Diệu",
)
HAMLETS = ("Thôn", "Thôn", "Thôn", "Buôn", "Tổ dân phố")
BUON_NAMES = (
    "Ko Tam",
    "Akõ Dhông",
    "Tơng Jú",
    "Kmrơng Prông",
    "Êga",
    "Cuôr Knia",
    "Trấp",
    "Ea Bông",
    "Knul",
    "Tuôr",
)

PERSON_SCHOOL_NAMES = (
    "Nguyễn Du",
    "Lê Quý Đôn",
    "Trần Phú",
    "Nguyễn Trãi",
    "Chu Văn An",
    "Lê Lợi",
    "Quang Trung",
    "Hùng Vương",
    "Phan Chu Trinh",
    "Ngô Quyền",
    "Lý Tự Trọng",
    "Võ Thị Sáu",
    "Kim Đồng",
    "Nơ Trang Lơng",
    "Y Jút",
    "Lê Hồng Phong",
    "Nguyễn Bỉnh Khiêm",
    "Trần Quốc Toản",
    "Phan Bội Châu",
    "Nguyễn Văn Trỗi",
    "Hoàng Văn Thụ",
    "Lương Thế Vinh",
    "Nguyễn Thị Minh Khai",
    "Tô Hiệu",
    "Lê Văn Tám",
    "Đinh Tiên Hoàng",
    "Lý Thường Kiệt",
    "Trần Hưng Đạo",
    "Nguyễn Huệ",
    "Hai Bà Trưng",
    "Bế Văn Đàn",
    "Phan Đình Phùng",
    "Nguyễn Chí Thanh",
    "Võ Văn Kiệt",
    "Đoàn Thị Điểm",
    "Ama Khê",
    "Y Ngông Niê Kdăm",
    "Hồ Tùng Mậu",
    "Cao Bá Quát",
    "Tôn Đức Thắng",
)
PRESCHOOL_NAMES = (
    "Hoa Sen",
    "Hoa Mai",
    "Hoa Hồng",
    "Họa Mi",
    "Sơn Ca",
    "Vành Khuyên",
    "Bình Minh",
    "Tuổi Thơ",
    "Hoa Phượng",
    "Hoa Cúc",
    "Sao Mai",
    "Măng Non",
    "Hướng Dương",
    "Ánh Dương",
    "Hoa Ban",
    "Thỏ Ngọc",
    "Hoa Lan",
    "Rạng Đông",
)

LEVELS = {  # level -> (share of schools, relative size, name prefix)
    "Mầm non": (0.35, 0.5, "Trường Mầm non"),
    "Tiểu học": (0.33, 1.0, "Trường Tiểu học"),
    "THCS": (0.22, 1.2, "Trường THCS"),
    "THPT": (0.06, 2.2, "Trường THPT"),
    "GDTX": (0.02, 0.9, "Trung tâm GDNN-GDTX"),
    "TH-THCS": (0.02, 0.8, "Trường TH và THCS"),
}
LEVEL_GRADES = {
    "Mầm non": (-2, -1, 0),
    "Tiểu học": (1, 2, 3, 4, 5),
    "THCS": (6, 7, 8, 9),
    "THPT": (10, 11, 12),
    "GDTX": (10, 11, 12),
    "TH-THCS": (1, 2, 3, 4, 5, 6, 7, 8, 9),
}
PRESCHOOL_GROUPS = {-2: ("Mầm", "3 tuổi"), -1: ("Chồi", "4 tuổi"), 0: ("Lá", "5 tuổi")}
CLASS_SIZE = {"Mầm non": 28, "Tiểu học": 32, "THCS": 38, "THPT": 42, "GDTX": 40, "TH-THCS": 30}

SUBJECTS = {
    "Mầm non": ("Mầm non",),
    "Tiểu học": (
        "Tiểu học",
        "Tiểu học",
        "Tiểu học",
        "Tiếng Anh",
        "Tin học",
        "Âm nhạc",
        "Mĩ thuật",
        "Giáo dục thể chất",
    ),
    "THCS": (
        "Toán",
        "Ngữ văn",
        "Tiếng Anh",
        "Khoa học tự nhiên",
        "Lịch sử và Địa lí",
        "Giáo dục công dân",
        "Tin học",
        "Công nghệ",
        "Giáo dục thể chất",
        "Âm nhạc",
        "Mĩ thuật",
    ),
    "THPT": (
        "Toán",
        "Ngữ văn",
        "Tiếng Anh",
        "Vật lí",
        "Hóa học",
        "Sinh học",
        "Lịch sử",
        "Địa lí",
        "Giáo dục kinh tế và pháp luật",
        "Tin học",
        "Công nghệ",
        "Giáo dục thể chất",
        "Giáo dục quốc phòng và an ninh",
    ),
}
STAFF_POSITIONS = (
    "Nhân viên kế toán",
    "Nhân viên văn thư",
    "Nhân viên thư viện",
    "Nhân viên y tế",
    "Nhân viên thiết bị",
    "Bảo vệ",
)
EMAIL_DOMAINS = ("daklak.edu.vn", "daklak.edu.vn", "gmail.com")

ETHNICITY_VARIANTS = {"Ê-đê": "Ê Đê", "Gia-rai": "Gia Rai", "Mnông": "M'Nông", "Hmông": "Mông"}
GENDER_WORDS = (("Nam", "Nữ"), ("Nam", "Nữ"), ("Nam", "Nữ"), ("nam", "nữ"), ("NAM", "NỮ"))
DIGITAL_SKILLS_WORDS = (
    ("Đã bồi dưỡng", "Chưa bồi dưỡng"),
    ("Có", "Không"),
    ("x", ""),
    ("Đã BD", "Chưa"),
)
