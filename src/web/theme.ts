import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A deep party red: white text on the filled shade stays above 7:1 contrast.
const party: MantineColorsTuple = [
  '#fff5f5',
  '#ffe3e3',
  '#ffc9c9',
  '#ffa8a8',
  '#ff8787',
  '#f03e3e',
  '#e03131',
  '#c92a2a',
  '#a61e1e',
  '#861414',
];

// Mantine's greens are too light for text on white (green.8 is 3.4:1); these keep 4.5:1 from shade 5 up.
const green: MantineColorsTuple = [
  '#ebfbee',
  '#d3f9d8',
  '#b2f2bb',
  '#8ce99a',
  '#51cf66',
  '#2b8a3e',
  '#237a34',
  '#1e6b2d',
  '#1a5e27',
  '#144a1f',
];

export const theme = createTheme({
  colors: { party, green },
  primaryColor: 'party',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif',
  // Larger type than Mantine's defaults: many readers are elderly.
  fontSizes: { xs: '14px', sm: '16px', md: '18px', lg: '20px', xl: '22px' },
  defaultRadius: 'md',
  components: {
    Button: { defaultProps: { size: 'lg' } },
    TextInput: { defaultProps: { size: 'lg' } },
    PasswordInput: { defaultProps: { size: 'lg' } },
    Textarea: { defaultProps: { size: 'lg' } },
    Badge: { styles: { root: { textTransform: 'none', fontSize: 15 } } },
    NativeSelect: { defaultProps: { size: 'lg' } },
    Tabs: { defaultProps: { variant: 'pills' }, styles: { tab: { minHeight: 48, fontSize: 17 } } },
    Checkbox: { defaultProps: { size: 'lg' }, styles: { body: { alignItems: 'center', minHeight: 48 } } },
  },
});
