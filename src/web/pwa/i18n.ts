export const pwaI18n = {
  vi: {
    installTitle: 'Cài đặt ứng dụng',
    installIntro:
      'Cài Sổ tay Đảng viên lên màn hình chính để mở nhanh như một ứng dụng, đọc tài liệu khi không có mạng và nhận thông báo.',
    installed: 'Ứng dụng đã được cài trên máy này.',
    installNow: 'Cài đặt ngay',
    androidTitle: 'Điện thoại Android (Chrome)',
    android: [
      'Mở trang này bằng Chrome.',
      'Bấm nút "Cài đặt ngay" ở trên. Nếu không thấy nút, bấm vào dấu ba chấm ⋮ ở góc trên bên phải.',
      'Chọn "Cài đặt ứng dụng" hoặc "Thêm vào màn hình chính".',
      'Bấm "Cài đặt". Biểu tượng ngôi sao vàng nền đỏ sẽ xuất hiện trên màn hình chính.',
    ],
    iphoneTitle: 'iPhone (Safari)',
    iphone: [
      'Mở trang này bằng Safari.',
      'Bấm nút Chia sẻ (hình vuông có mũi tên hướng lên) ở cuối màn hình.',
      'Kéo xuống, chọn "Thêm vào MH chính".',
      'Bấm "Thêm" ở góc trên bên phải. Mở ứng dụng từ biểu tượng mới trên màn hình chính.',
    ],
    qrTitle: 'Mở trên điện thoại khác',
    qrHelp: 'Dùng camera của điện thoại quét mã này để mở ứng dụng.',
    qrAlt: 'Mã QR mở địa chỉ {{url}}',
  },
  en: {
    installTitle: 'Install the app',
    installIntro:
      'Install the handbook on your home screen: it opens like an app, reads documents offline and receives notifications.',
    installed: 'The app is installed on this device.',
    installNow: 'Install now',
    androidTitle: 'Android phone (Chrome)',
    android: [
      'Open this page in Chrome.',
      'Tap "Install now" above. If there is no button, tap the three dots ⋮ at the top right.',
      'Choose "Install app" or "Add to Home screen".',
      'Tap "Install". The gold star on red appears on the home screen.',
    ],
    iphoneTitle: 'iPhone (Safari)',
    iphone: [
      'Open this page in Safari.',
      'Tap the Share button (a square with an arrow) at the bottom.',
      'Scroll down and choose "Add to Home Screen".',
      'Tap "Add" at the top right, then open the app from its new icon.',
    ],
    qrTitle: 'Open on another phone',
    qrHelp: 'Scan this code with the phone camera to open the app.',
    qrAlt: 'QR code opening {{url}}',
  },
};
