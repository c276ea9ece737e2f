/* gw-main.c: the Gigawatt desktop app
 *
 * For now a read-only overview of the open scenario: the editors, charts
 * and live results arrive with issues 5 and 6.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-file.h"
#include "gw-json.h"

static GtkWidget *
table_group (const GwScenario *s,
             GwTable           table)
{
  const GwTableInfo *info = gw_table_info (table);
  GtkWidget *group = adw_preferences_group_new ();
  guint n = gw_scenario_n_rows (s, table);
  int source = gw_table_find_field (table, "source");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(info->label));
  for (guint r = 0; r < n && r < 12; r++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *key = gw_scenario_row_key (s, table, r);
      const char *src = GW_FIELD_TEXT_OF (gw_scenario_get_row (s, table, r),
                                          &info->fields[source]);
      g_autofree char *title = g_markup_escape_text (key, -1);
      g_autofree char *subtitle = g_markup_escape_text (src, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  if (n > 12)
    {
      g_autofree char *more = g_strdup_printf (_("and %u more"), n - 12);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), more);
    }
  return group;
}

static void
show_scenario (GtkApplication *app,
               GwScenario     *s)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title;
  GtkWidget *page = adw_preferences_page_new ();
  g_autofree char *start = gw_quarter_format (s->info.start);
  g_autofree char *end = gw_quarter_format (s->info.start + s->info.horizon - 1);
  g_autofree char *subtitle = g_strdup_printf (_("%s to %s · %d paths · %u inputs"), start, end,
                                               s->info.paths, gw_scenario_n_slots (s));
  static const GwTable shown[] = {
    GW_TABLE_DEALS, GW_TABLE_GENERATIONS, GW_TABLE_PROVIDERS, GW_TABLE_EVENTS,
    GW_TABLE_VARIANTS,
  };

  title = adw_window_title_new (s->info.name, subtitle);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                              ADW_PREFERENCES_GROUP (table_group (s, shown[i])));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_set_title (GTK_WINDOW (window), s->info.name);
  g_object_set_data_full (G_OBJECT (window), "scenario", s, (GDestroyNotify) gw_scenario_free);
  gtk_window_present (GTK_WINDOW (window));
}

static void
open_path (GtkApplication *app,
           const char     *path)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = g_str_has_suffix (path, ".json") ? gw_json_load (path, &error)
                                                   : gw_file_load (path, &error);

  if (s == NULL)
    {
      g_printerr ("gigawatt: %s\n", error->message);
      s = gw_builtin_load (GW_BUILTIN_BASELINE, NULL);
    }
  show_scenario (app, s);
}

static void
activate_cb (GtkApplication *app)
{
  g_autoptr(GError) error = NULL;
  GwScenario *s = gw_builtin_load (GW_BUILTIN_BASELINE, &error);

  if (s == NULL)
    g_error ("%s", error->message);
  show_scenario (app, s);
}

static void
open_cb (GtkApplication *app,
         GFile         **files,
         int             n_files,
         const char     *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path != NULL)
        open_path (app, path);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = adw_application_new (APPLICATION_ID, G_APPLICATION_HANDLES_OPEN);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_signal_connect (app, "open", G_CALLBACK (open_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
