/**
 * Word lists for the demo organization. Family-name weights follow published estimates of
 * Vietnamese surname frequency (Nguyễn ≈ 38%, Trần ≈ 11%, Lê ≈ 9.5%...). Every name is written
 * in the canonical tone style (Hòa, Thúy) and NFC, so that only the deliberately broken records
 * fail the standardization checks. Place names are invented or generic.
 */
import type { Weighted } from './random.ts';

export type Sex = 'male' | 'female';

export const FAMILY_NAMES: Weighted<string> = [
  ['Nguyễn', 380],
  ['Trần', 110],
  ['Lê', 95],
  ['Phạm', 70],
  ['Hoàng', 30],
  ['Huỳnh', 21],
  ['Phan', 45],
  ['Vũ', 22],
  ['Võ', 18],
  ['Đặng', 21],
  ['Bùi', 20],
  ['Đỗ', 14],
  ['Hồ', 13],
  ['Ngô', 13],
  ['Dương', 10],
  ['Lý', 5],
  ['Đinh', 4],
  ['Trương', 4],
  ['Đoàn', 4],
  ['Lâm', 3],
  ['Mai', 3],
  ['Trịnh', 3],
  ['Tạ', 2],
  ['Lưu', 2],
  ['Châu', 2],
  ['Cao', 2],
  ['Tô', 2],
  ['Quách', 1],
  ['Thái', 1],
  ['Lương', 2],
  ['Hà', 2],
  ['Văn', 1],
  ['Kiều', 1],
  ['La', 1],
];

export const MIDDLE_NAMES: Record<Sex, Weighted<string>> = {
  male: [
    ['Văn', 45],
    ['Đức', 8],
    ['Minh', 10],
    ['Hữu', 7],
    ['Thanh', 6],
    ['Quốc', 5],
    ['Công', 4],
    ['Ngọc', 3],
    ['Xuân', 3],
    ['Trọng', 3],
    ['Quang', 4],
    ['Đình', 3],
    ['Hoàng', 3],
    ['Tấn', 3],
    ['Thành', 3],
    ['Anh', 2],
  ],
  female: [
    ['Thị', 55],
    ['Ngọc', 8],
    ['Thanh', 6],
    ['Thu', 5],
    ['Minh', 4],
    ['Hồng', 4],
    ['Kim', 4],
    ['Phương', 3],
    ['Bích', 3],
    ['Mỹ', 3],
    ['Thúy', 2],
    ['Hoài', 2],
    ['Diệu', 2],
  ],
};

export const GIVEN_NAMES: Record<Sex, readonly string[]> = {
  male: [
    'Anh', 'Bảo', 'Bình', 'Cường', 'Chiến', 'Công', 'Danh', 'Dũng', 'Dương', 'Đạt', 'Đông', 'Đức',
    'Giang', 'Hải', 'Hiếu', 'Hòa', 'Hoàng', 'Hùng', 'Huy', 'Hưng', 'Khang', 'Khánh', 'Khoa', 'Kiên',
    'Lâm', 'Lực', 'Long', 'Lộc', 'Mạnh', 'Minh', 'Nam', 'Nghĩa', 'Nhân', 'Phát', 'Phong', 'Phúc',
    'Phước', 'Quang', 'Quân', 'Quý', 'Sang', 'Sơn', 'Tài', 'Tâm', 'Tân', 'Thắng', 'Thành', 'Thịnh',
    'Thuận', 'Tiến', 'Toàn', 'Trí', 'Trung', 'Tuấn', 'Tùng', 'Thủy', 'Việt', 'Vinh', 'Vũ', 'Xuân',
    'Lợi', 'Nhựt', 'Tho', 'Hậu', 'Trường', 'Sỹ',
  ],
  female: [
    'An', 'Anh', 'Ánh', 'Bích', 'Châu', 'Chi', 'Dung', 'Duyên', 'Diễm', 'Giang', 'Hà', 'Hạnh',
    'Hằng', 'Hiền', 'Hoa', 'Hòa', 'Hồng', 'Hương', 'Huyền', 'Lan', 'Liên', 'Linh', 'Loan', 'Lụa',
    'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhung', 'Nhàn', 'Oanh', 'Phương', 'Phượng', 'Quyên',
    'Quỳnh', 'Tâm', 'Thảo', 'Thanh', 'Thắm', 'Thu', 'Thủy', 'Thúy', 'Thơm', 'Trang', 'Trinh',
    'Tuyết', 'Uyên', 'Vân', 'Xuân', 'Yến', 'Hậu', 'Lệ', 'Cúc', 'Đào', 'Mơ', 'Sen', 'Huệ',
  ],
};

/** Given names whose tone placement differs between styles, used for the likely-duplicate records. */
export const TONE_AMBIGUOUS_GIVEN: Record<Sex, readonly string[]> = {
  male: ['Hòa', 'Thủy'],
  female: ['Hòa', 'Thúy', 'Thủy'],
};

export type Ethnicity = 'Kinh' | 'Hoa' | 'Khmer' | 'Tày' | 'Thái' | 'Mường' | 'H\'Mông' | 'Dao' | 'Nùng' | 'Chăm';

/** Mostly Kinh in the lowland city; the highland district gets more minorities. */
export const ETHNICITIES_LOWLAND: Weighted<Ethnicity> = [
  ['Kinh', 930],
  ['Hoa', 25],
  ['Khmer', 25],
  ['Tày', 5],
  ['Thái', 4],
  ['Mường', 4],
  ['Chăm', 3],
  ['Nùng', 2],
  ['Dao', 1],
  ['H\'Mông', 1],
];

export const ETHNICITIES_HIGHLAND: Weighted<Ethnicity> = [
  ['Kinh', 450],
  ['Tày', 120],
  ['Thái', 110],
  ['Mường', 90],
  ['H\'Mông', 90],
  ['Dao', 70],
  ['Nùng', 40],
  ['Khmer', 30],
];

/** Family names common in minority communities, so the names look right for the ethnicity. */
export const MINORITY_FAMILY_NAMES: Partial<Record<Ethnicity, readonly string[]>> = {
  Khmer: ['Thạch', 'Sơn', 'Danh', 'Kim', 'Lâm', 'Châu'],
  'H\'Mông': ['Giàng', 'Sùng', 'Vàng', 'Lầu', 'Thào', 'Mùa'],
  Tày: ['Nông', 'Hoàng', 'Ma', 'Lương', 'Đàm'],
  Thái: ['Lò', 'Lường', 'Cầm', 'Quàng', 'Vi'],
  Mường: ['Bùi', 'Đinh', 'Quách', 'Hà'],
  Dao: ['Triệu', 'Bàn', 'Đặng', 'Lý'],
  Nùng: ['Nông', 'Hoàng', 'Lục', 'Vi'],
  Hoa: ['Lâm', 'Trương', 'Lý', 'Quách', 'Mã'],
  Chăm: ['Đạo', 'Thành', 'Lưu', 'Bá'],
};

export const RELIGIONS: Weighted<string> = [
  ['Không', 930],
  ['Phật giáo', 40],
  ['Công giáo', 12],
  ['Cao Đài', 10],
  ['Phật giáo Hòa Hảo', 5],
  ['Tin Lành', 3],
];

/** Hamlet and quarter names (ấp, khu phố, thôn): generic Vietnamese place words. */
export const HAMLET_NAMES: readonly string[] = [
  'Bình An', 'Bình Hòa', 'Bình Lợi', 'Phú Lợi', 'Phú Hòa', 'Phú Thạnh', 'Tân Hòa', 'Tân Lập',
  'Tân Phú', 'Tân Thạnh', 'An Lạc', 'An Hòa', 'An Phước', 'Hòa Bình', 'Hòa Thuận', 'Long Hưng',
  'Long Thạnh', 'Mỹ Lợi', 'Mỹ Hòa', 'Nhơn Hòa', 'Phước Thạnh', 'Thạnh Lợi', 'Thới An', 'Vĩnh Lợi',
  'Vĩnh Phú', 'Xóm Mới', 'Xóm Giữa', 'Đông Hưng', 'Tây Hưng', 'Bắc Sơn', 'Nam Sơn', 'Trung Thành',
  'Kinh Xáng', 'Cây Dương', 'Rạch Sậy', 'Bờ Đập', 'Cầu Tre', 'Vàm Lớn', 'Giồng Me', 'Láng Tròn',
];

/** Commune names for invented communes (xã). */
export const COMMUNE_NAMES: readonly string[] = [
  'Bình Tâm', 'Hòa Khánh', 'An Vĩnh Ngãi', 'Lợi Bình Nhơn', 'Nhơn Thạnh Trung', 'Hướng Thọ Phú',
  'Khánh Hậu', 'Tân Khánh', 'Phước Long', 'Long Điền', 'Vĩnh Hưng', 'Thạnh Phú', 'Mỹ Phước',
  'Tân Lộc', 'Hòa Thành', 'Phú Tân', 'Đông Hải', 'Tây Bình', 'Thuận Hòa', 'Long Hòa', 'Phú Mỹ',
  'An Thạnh', 'Tân Thuận', 'Vĩnh Thuận', 'Hưng Mỹ', 'Định Thành', 'Lạc Hòa', 'Thới Bình',
  'Tam Giang', 'Khánh Bình', 'Phong Thạnh', 'Hòa Tân', 'Hiệp Thành', 'Vĩnh Trạch', 'Long Thạnh',
];

/** People schools are named after; shared by every school name. */
export const NOTABLE_PEOPLE: readonly string[] = [
  'Lê Lợi', 'Nguyễn Du', 'Trần Hưng Đạo', 'Lý Tự Trọng', 'Võ Thị Sáu', 'Nguyễn Trãi', 'Chu Văn An',
  'Lê Quý Đôn', 'Nguyễn Thị Minh Khai', 'Phan Bội Châu', 'Quang Trung', 'Hai Bà Trưng',
  'Nguyễn Đình Chiểu', 'Huỳnh Thúc Kháng', 'Lương Thế Vinh', 'Trần Phú', 'Kim Đồng', 'Võ Văn Kiệt',
];

/** Streets for addresses and home towns. */
export const STREET_NAMES: readonly string[] = [
  'Hùng Vương', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Lê Lợi', 'Quang Trung', 'Hai Bà Trưng', 'Lý Thường Kiệt',
  'Nguyễn Trãi', 'Phan Đình Phùng', 'Bạch Đằng', 'Võ Văn Tần', 'Nguyễn Thái Học', 'Châu Văn Liêm',
];

/** Home towns (quê quán) outside the demo province; invented district names. */
export const HOMETOWNS_ELSEWHERE: readonly string[] = [
  'Xã Tân Hòa, huyện Châu Thành, tỉnh Bến Giang',
  'Xã Nghĩa Hưng, huyện Nam Trực, tỉnh Hà Nam Ninh',
  'Phường 2, thành phố Vĩnh Xuyên, tỉnh Cửu Long',
  'Xã Đức Thọ, huyện Đức Phổ, tỉnh Nghĩa Bình',
  'Xã Quỳnh Lưu, huyện Diễn Châu, tỉnh Nghệ Tĩnh',
  'Xã Thái Hòa, huyện Vũ Thư, tỉnh Thái Bình',
  'Xã An Nhơn, huyện Tuy Phước, tỉnh Phú Khánh',
  'Xã Tân Lập, huyện Hàm Yên, tỉnh Hà Tuyên',
];

export const OCCUPATIONS = {
  residential: [
    ['Hưu trí', 40],
    ['Buôn bán', 12],
    ['Lao động tự do', 10],
    ['Nội trợ', 6],
    ['Công nhân', 8],
    ['Nông dân', 8],
    ['Cán bộ khu phố', 6],
    ['Kinh doanh', 5],
  ],
  school: [
    ['Giáo viên', 85],
    ['Cán bộ quản lý giáo dục', 10],
    ['Nhân viên', 5],
  ],
  health: [
    ['Bác sĩ', 35],
    ['Y sĩ', 20],
    ['Điều dưỡng', 30],
    ['Dược sĩ', 10],
    ['Nhân viên', 5],
  ],
  police: [['Công an', 1]],
  military: [['Quân nhân', 1]],
  agency: [
    ['Công chức', 60],
    ['Viên chức', 30],
    ['Nhân viên', 10],
  ],
  enterprise: [
    ['Công nhân', 45],
    ['Kỹ sư', 20],
    ['Nhân viên văn phòng', 25],
    ['Quản lý', 10],
  ],
} as const satisfies Record<string, Weighted<string>>;

export type CellKind = keyof typeof OCCUPATIONS;

/** Departments of a city or district government (cells of its government party organization). */
export const GOVERNMENT_OFFICES: readonly string[] = [
  'Văn phòng HĐND và UBND', 'Phòng Tài chính – Kế hoạch', 'Phòng Nội vụ', 'Phòng Tư pháp',
  'Phòng Giáo dục và Đào tạo', 'Phòng Y tế', 'Phòng Văn hóa và Thông tin', 'Phòng Lao động – Thương binh và Xã hội',
  'Phòng Tài nguyên và Môi trường', 'Phòng Quản lý đô thị', 'Phòng Kinh tế', 'Thanh tra thành phố',
  'Chi cục Thuế', 'Kho bạc Nhà nước', 'Chi cục Thống kê', 'Trung tâm Văn hóa – Thể thao',
  'Ban Quản lý dự án đầu tư xây dựng', 'Trung tâm Phát triển quỹ đất', 'Đài Truyền thanh', 'Chi cục Thi hành án dân sự',
  'Bảo hiểm xã hội', 'Ngân hàng Chính sách xã hội', 'Đội Quản lý trật tự đô thị', 'Trung tâm Dịch vụ nông nghiệp',
];

/** Party and mass-organization offices of a city or district. */
export const PARTY_OFFICES: readonly string[] = [
  'Văn phòng Thành ủy', 'Ban Tổ chức Thành ủy', 'Ủy ban Kiểm tra Thành ủy', 'Ban Tuyên giáo và Dân vận Thành ủy',
  'Trung tâm Chính trị', 'Ủy ban Mặt trận Tổ quốc', 'Thành đoàn', 'Hội Liên hiệp Phụ nữ',
  'Hội Nông dân', 'Hội Cựu chiến binh', 'Liên đoàn Lao động', 'Hội Chữ thập đỏ',
];

export const POLICE_BLOCKS: readonly { name: string; cells: readonly string[] }[] = [
  { name: 'Khối Cảnh sát', cells: ['Đội Cảnh sát giao thông', 'Đội Cảnh sát hình sự', 'Đội Cảnh sát kinh tế', 'Đội Cảnh sát điều tra tội phạm về ma túy', 'Đội Cảnh sát phòng cháy chữa cháy', 'Đội Cảnh sát cơ động'] },
  { name: 'Khối An ninh', cells: ['Đội An ninh', 'Đội An ninh điều tra', 'Đội Quản lý hành chính về trật tự xã hội', 'Đội Cảnh sát quản lý trại tạm giam', 'Đội Cảnh sát thi hành án hình sự'] },
  { name: 'Khối Xây dựng lực lượng', cells: ['Đội Tổng hợp', 'Đội Tham mưu', 'Đội Hậu cần', 'Đội Xây dựng phong trào', 'Đội Công tác chính trị'] },
  { name: 'Khối Công an phường', cells: ['Công an phường 1', 'Công an phường 2', 'Công an phường 3', 'Công an phường 4', 'Công an phường 5', 'Công an phường 6'] },
];

export const MILITARY_CELLS: readonly string[] = [
  'Ban Tham mưu', 'Ban Chính trị', 'Ban Hậu cần – Kỹ thuật', 'Đại đội Bộ binh 1', 'Đại đội Bộ binh 2',
  'Trung đội Thông tin', 'Trung đội Trinh sát', 'Trung đội Công binh', 'Kho K1', 'Tiểu đoàn Dự bị động viên',
  'Ban Chỉ huy Quân sự phường 1', 'Ban Chỉ huy Quân sự phường 2', 'Ban Chỉ huy Quân sự xã', 'Đội Kiểm soát quân sự',
];

/** Institutions that form a grassroots cell (chi bộ cơ sở) directly under a city or district. */
export const GRASSROOTS_CELL_NAMES: readonly { name: string; kind: CellKind }[] = [
  { name: 'Trường THPT Lê Quý Đôn', kind: 'school' },
  { name: 'Trường THPT Nguyễn Trãi', kind: 'school' },
  { name: 'Trường THPT chuyên Võ Văn Kiệt', kind: 'school' },
  { name: 'Trường Trung cấp Nghề', kind: 'school' },
  { name: 'Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên', kind: 'school' },
  { name: 'Trung tâm Y tế thành phố', kind: 'health' },
  { name: 'Bệnh viện Đa khoa khu vực', kind: 'health' },
  { name: 'Ban Quản lý chợ trung tâm', kind: 'agency' },
  { name: 'Công ty Cổ phần Cấp thoát nước', kind: 'enterprise' },
  { name: 'Công ty TNHH MTV Công trình đô thị', kind: 'enterprise' },
  { name: 'Công ty Cổ phần Xây lắp Tân An', kind: 'enterprise' },
  { name: 'Điện lực thành phố', kind: 'enterprise' },
  { name: 'Viện Kiểm sát nhân dân thành phố', kind: 'agency' },
  { name: 'Tòa án nhân dân thành phố', kind: 'agency' },
  { name: 'Hạt Kiểm lâm', kind: 'agency' },
  { name: 'Bưu điện thành phố', kind: 'enterprise' },
  { name: 'Ngân hàng Nông nghiệp chi nhánh', kind: 'enterprise' },
  { name: 'Công ty Cổ phần Thủy sản Sông Hậu', kind: 'enterprise' },
  { name: 'Trường Cao đẳng Cộng đồng', kind: 'school' },
  { name: 'Trung tâm Dân số – Kế hoạch hóa gia đình', kind: 'health' },
];
