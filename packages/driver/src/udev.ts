/** Linux access to the JS110 without root: the udev rules and how to install them. */

/** Linux udev rules granting access to both JS110 identities. */
export const JS110_UDEV_RULES = [
  '# /etc/udev/rules.d/72-joulescope.rules',
  'SUBSYSTEM=="usb", ATTRS{idVendor}=="16d0", ATTRS{idProduct}=="0e88", MODE="0666"',
  'SUBSYSTEM=="usb", ATTRS{idVendor}=="1fc9", ATTRS{idProduct}=="fc93", MODE="0666"',
].join('\n');

/** How to fix a permission error on Linux, appended to `UsbPermissionError` messages. */
export const JS110_UDEV_HELP =
  'On Linux, allow access with a udev rule: write these lines to /etc/udev/rules.d/72-joulescope.rules\n' +
  `${JS110_UDEV_RULES}\n` +
  'then run `sudo udevadm control --reload-rules && sudo udevadm trigger` and plug the JS110 in again.';
