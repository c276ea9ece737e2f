/* test-dist-popover.c: the fixed-or-distribution popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "gw-dist-popover.h"
#include "gw-document.h"

static void
apply_cb (GwDistPopover *popover,
          const GwDist  *dist,
          GwDist        *out)
{
  *out = *dist;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_popover (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gw_dist_popover_new ();
  GwDistPopover *p = GW_DIST_POPOVER (popover);
  const GwField *field = gw_table_field (GW_TABLE_MARKET,
                                         gw_table_find_field (GW_TABLE_MARKET, "token_growth"));
  GwDist dist = gw_dist_triangular (2.5, 5, 9);
  GwDist applied = { 0 };
  g_autofree char *p10 = gw_format_si (gw_dist_icdf (&dist, 0.1), 3);
  g_autofree char *p50 = gw_format_si (gw_dist_icdf (&dist, 0.5), 3);
  g_autofree char *p90 = gw_format_si (gw_dist_icdf (&dist, 0.9), 3);
  g_autofree char *expect = g_strdup_printf ("P10 %s · P50 %s · P90 %s", p10, p50, p90);
  const char *hold = g_getenv ("GW_TEST_HOLD");

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "media-playlist-shuffle-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 520);
  g_signal_connect (popover, "apply", G_CALLBACK (apply_cb), &applied);
  gtk_window_present (GTK_WINDOW (window));

  gw_dist_popover_set_dist (p, field, &dist);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  spin (200);
  g_assert_cmpstr (gw_dist_popover_get_summary (p), ==, expect);
  g_assert_cmpstr (gw_dist_popover_get_message (p), ==, "");
  if (hold != NULL)
    spin (atoi (hold));

  /* Out of the field's range (growth > 0): refused with the message. */
  gw_dist_popover_set_param (p, 0, "-1");
  g_assert_cmpstr (gw_dist_popover_get_message (p), !=, "");
  g_assert_false (gw_dist_popover_apply (p));
  g_assert_cmpint (applied.kind, ==, 0);

  /* Switching to fixed keeps the centre; applying hands it over. */
  gw_dist_popover_set_param (p, 0, "2.5");
  gw_dist_popover_set_kind (p, GW_DIST_FIXED);
  g_assert_true (gw_dist_popover_apply (p));
  g_assert_cmpint (applied.kind, ==, GW_DIST_FIXED);
  g_assert_cmpfloat (applied.p[0], ==, gw_dist_central (&dist));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/gw/ui/dist-popover", test_popover);
  return g_test_run ();
}
