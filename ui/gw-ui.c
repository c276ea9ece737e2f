/* gw-ui.c: setting up the ui library
 *
 * The ui resources are registered by hand: a static library's resource
 * constructor would be dropped by the linker when nothing refers to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-ui.h"
#include "gw-ui-resources.h"

void
gw_ui_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      gw_ui_register_resource ();
      g_once_init_leave (&done, 1);
    }
}
