/** Granting a page access to a JS110 (WebUSB). */
import { requestUsbDevice, type DeviceInfo } from './_driver';

/**
 * Browser only: shows the WebUSB chooser, filtered to the JS110, and resolves with the device
 * the user picked (open it with `open(info)`). Call it from a user gesture such as a click;
 * afterwards `scan()` lists the device without asking, in the page or a worker.
 */
export async function requestDevice(): Promise<DeviceInfo> {
  return requestUsbDevice();
}
