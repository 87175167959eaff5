export const settingsI18n = {
  vi: {
    title: 'Cài đặt hiển thị',
    largeText: 'Chữ lớn',
    largeTextHelp: 'Phóng to chữ và nút bấm trên mọi trang. Lựa chọn được giữ trên máy này.',
    highContrast: 'Tương phản cao',
    highContrastHelp: 'Chữ đen đậm, viền rõ, dễ đọc ngoài trời.',
    notifications: 'Chọn loại thông báo nhận',
    install: 'Cài ứng dụng lên điện thoại',
  },
  en: {
    title: 'Display settings',
    largeText: 'Large text',
    largeTextHelp: 'Larger text and buttons on every page. Kept on this device.',
    highContrast: 'High contrast',
    highContrastHelp: 'Bold black text and clear borders, easier to read outdoors.',
    notifications: 'Choose which notifications to receive',
    install: 'Install the app on this phone',
  },
};
