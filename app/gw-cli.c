/* gw-cli.c: gigawatt-cli, Gigawatt without a display
 *
 * Exit codes: 0 ok, 1 bad input (one message on stderr), 2 usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "gigawatt-model.h"
#include "gw-builtin.h"
#include "gw-file.h"
#include "gw-json.h"
#include "gw-cli.h"

typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static int usage_error (const char *command, const char *message);

static int
fail (GError *error)
{
  g_printerr ("gigawatt-cli: %s\n", error->message);
  g_error_free (error);
  return EXIT_BAD_INPUT;
}

static gboolean
is_json (const char *path)
{
  return g_str_has_suffix (path, ".json") || g_str_has_suffix (path, ".JSON");
}

/* A file of an older schema opens, but its results change, so the user is
 * told once per run (the built-in scenarios are not the user's files, and
 * say nothing). */
static void
note_upgrade (const char       *path,
              const GwLoadInfo *info)
{
  static gboolean said = FALSE;
  g_autofree char *display = NULL;

  if (!info->upgraded || said)
    return;
  said = TRUE;
  display = g_filename_display_name (path);
  g_printerr (_("gigawatt-cli: note: “%s” was read as schema %d.%d and upgraded in memory\n"
                "  to schema %d.%d (model version %d), the fields it lacked at their neutral "
                "values.\n"
                "  Its results differ from version 1: collateral and the NPV's terminal value "
                "use\n"
                "  resale value, depreciation runs from the first quarter, and a buyer that "
                "defaults\n"
                "  takes its demand along. The file is unchanged until it is saved.\n"),
              display, info->schema_major, info->schema_minor, GW_FILE_SCHEMA_MAJOR,
              GW_FILE_SCHEMA_MINOR, GW_MODEL_VERSION);
}

/* Parts of the file's view (the app's chart choices) could not be read:
 * the scenario is whole, so the command goes on, and says what was left
 * out. */
static void
note_view_warnings (const GwLoadInfo *info)
{
  for (guint i = 0; info->warnings != NULL && i < info->warnings->len; i++)
    g_printerr (_("gigawatt-cli: warning: %s\n"), (char *) info->warnings->pdata[i]);
}

/* @view: (out) (optional): the view saved with the scenario */
static GwScenario *
load_file (const char  *path,
           gboolean     json,
           GwView     **view,
           GError     **error)
{
  g_auto(GwLoadInfo) info = { 0 };
  GwScenario *scenario = json ? gw_json_load_full (path, &info, error)
                              : gw_file_load_full (path, &info, error);

  if (scenario != NULL)
    {
      note_upgrade (path, &info);
      note_view_warnings (&info);
      if (view != NULL)
        *view = g_steal_pointer (&info.view);
    }
  return scenario;
}

/* FILE may be a .gigawatt file, a .json export or "--builtin[=ID]" (whose
 * view is the default one). */
static GwScenario *
load_any (const char  *path,
          GwView     **view,
          GError     **error)
{
  if (view != NULL)
    *view = NULL;
  if (g_str_equal (path, "--builtin"))
    return gw_builtin_load (GW_BUILTIN_BASELINE, error);
  if (g_str_has_prefix (path, "--builtin="))
    return gw_builtin_load (path + strlen ("--builtin="), error);
  return load_file (path, is_json (path), view, error);
}

static int
cmd_validate (int    argc,
              char **argv)
{
  g_autoptr(GwScenario) scenario = NULL;
  GError *error = NULL;

  if (argc != 2)
    return usage_error ("validate", _("expected one FILE"));
  scenario = load_any (argv[1], NULL, &error);
  if (scenario == NULL)
    return fail (error);
  for (guint i = 0; i < gw_scenario_n_rows (scenario, GW_TABLE_VARIANTS); i++)
    {
      g_autoptr(GwScenario) resolved =
        gw_scenario_resolve (scenario, gw_scenario_variant (scenario, i)->name, &error);

      if (resolved == NULL)
        return fail (error);
    }
  g_print (_("%s: valid (%u variants checked)\n"), argv[1],
           gw_scenario_n_rows (scenario, GW_TABLE_VARIANTS));
  return EXIT_OK;
}

static int
cmd_import (int    argc,
            char **argv)
{
  g_autoptr(GwScenario) scenario = NULL;
  g_autoptr(GwView) view = NULL;
  GError *error = NULL;

  if (argc != 3)
    return usage_error ("import", _("expected JSON and OUT.gigawatt"));
  scenario = load_file (argv[1], TRUE, &view, &error);
  if (scenario == NULL || !gw_file_save_full (scenario, view, argv[2], &error))
    return fail (error);
  return EXIT_OK;
}

static int
cmd_export (int    argc,
            char **argv)
{
  g_autoptr(GwScenario) scenario = NULL;
  g_autoptr(GwView) view = NULL;
  GError *error = NULL;

  if (argc != 3)
    return usage_error ("export", _("expected FILE and OUT.json"));
  scenario = load_any (argv[1], &view, &error);
  if (scenario == NULL)
    return fail (error);
  if (g_str_equal (argv[2], "-"))
    {
      g_autofree char *data = gw_json_to_data_full (scenario, view, NULL);

      fputs (data, stdout);
      return EXIT_OK;
    }
  if (!gw_json_save_full (scenario, view, argv[2], &error))
    return fail (error);
  return EXIT_OK;
}

static int
cmd_new (int    argc,
         char **argv)
{
  g_autoptr(GwScenario) scenario = NULL;
  const char *id = GW_BUILTIN_BASELINE;
  const char *out = NULL;
  GError *error = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--builtin"))
        continue;
      else if (g_str_has_prefix (argv[i], "--builtin="))
        id = argv[i] + strlen ("--builtin=");
      else if (out == NULL && argv[i][0] != '-')
        out = argv[i];
      else
        return usage_error ("new", _("unexpected argument"));
    }
  if (out == NULL)
    return usage_error ("new", _("expected OUT.gigawatt"));
  scenario = gw_builtin_load (id, &error);
  if (scenario == NULL ||
      !(is_json (out) ? gw_json_save (scenario, out, &error)
                      : gw_file_save (scenario, out, &error)))
    return fail (error);
  return EXIT_OK;
}

static void
print_table_summary (const GwScenario *s,
                     GwTable           table)
{
  const GwTableInfo *info = gw_table_info (table);
  guint n = gw_scenario_n_rows (s, table);
  guint uncertain = 0;

  for (guint r = 0; r < n; r++)
    for (guint f = 0; f < info->n_fields; f++)
      if (info->fields[f].type == GW_FIELD_DIST &&
          gw_dist_is_uncertain (GW_FIELD_DIST_OF (gw_scenario_get_row (s, table, r),
                                                  &info->fields[f])))
        uncertain++;
  g_print ("  %-14s %5u %s", info->name, n, g_dngettext (NULL, "row", "rows", n));
  if (uncertain > 0)
    g_print (g_dngettext (NULL, ", %u uncertain number", ", %u uncertain numbers", uncertain),
             uncertain);
  g_print ("\n");
}

static char *
format_field_value (gconstpointer  row,
                    const GwField *field)
{
  switch (field->type)
    {
    case GW_FIELD_DIST:
      return gw_dist_to_string (GW_FIELD_DIST_OF (row, field));
    case GW_FIELD_QUARTER:
      if (GW_FIELD_INT_OF (row, field) == GW_QUARTER_NONE)
        return g_strdup (_("none"));
      return gw_quarter_format (GW_FIELD_INT_OF (row, field));
    case GW_FIELD_REAL:
      return gw_number_to_string (GW_FIELD_REAL_OF (row, field));
    case GW_FIELD_BOOL:
      return g_strdup (GW_FIELD_INT_OF (row, field) ? _("yes") : _("no"));
    case GW_FIELD_ENUM:
      return g_strdup (field->enum_names[GW_FIELD_INT_OF (row, field)]);
    case GW_FIELD_SEED:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, GW_FIELD_SEED_OF (row, field));
    case GW_FIELD_INT:
      return g_strdup_printf ("%d", GW_FIELD_INT_OF (row, field));
    default:
      return g_strdup (GW_FIELD_TEXT_OF (row, field));
    }
}

/* Whether the row would be the same with @field at its neutral value. */
static gboolean
field_is_neutral (GwTable        table,
                  gconstpointer  row,
                  const GwField *field)
{
  gpointer neutral = g_malloc (gw_table_info (table)->row_size);
  gboolean equal;

  gw_row_copy_into (table, neutral, row);
  gw_field_set_neutral (neutral, field);
  equal = gw_row_equal (table, row, neutral);
  gw_row_clear (table, neutral);
  g_free (neutral);
  return equal;
}

/* The fields added after schema 1.0, so that an upgraded file shows what it
 * was given (their neutral values) and a newer one what it sets. */
static void
print_new_fields (const GwScenario *s)
{
  g_print (_("\nFields added after schema %d.0 (a file of that schema has the neutral value):\n"),
           GW_FILE_SCHEMA_MAJOR_MIN);
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    {
      const GwTableInfo *info = gw_table_info (t);
      guint n = gw_scenario_n_rows (s, t);

      for (guint f = 0; f < info->n_fields; f++)
        {
          const GwField *field = &info->fields[f];
          g_autofree char *name = NULL;
          g_autofree char *neutral = NULL;
          guint set = 0;

          if (gw_field_in_schema (field, GW_FILE_SCHEMA_MAJOR_MIN))
            continue;
          name = g_strdup_printf ("%s.%s", info->name, field->name);
          if (info->single)
            {
              g_autofree char *value = format_field_value (gw_scenario_get_row (s, t, 0), field);

              g_print ("  %-28s %s%s\n", name, value,
                       field_is_neutral (t, gw_scenario_get_row (s, t, 0), field)
                       ? _(" (neutral)") : "");
              continue;
            }
          {
            gpointer row = gw_row_new (t);

            gw_field_set_neutral (row, field);
            neutral = format_field_value (row, field);
            gw_row_clear (t, row);
            g_free (row);
          }
          for (guint r = 0; r < n; r++)
            set += !field_is_neutral (t, gw_scenario_get_row (s, t, r), field);
          g_print ("  %-28s ", name);
          if (n == 0)
            g_print (_("no rows\n"));
          else if (set == n)
            g_print (g_dngettext (NULL, "set in the %u row\n", "set in all %u rows\n", n), n);
          else if (set == 0)
            /* TRANSLATORS: the neutral value, e.g. "1" or "none", and a row count */
            g_print (g_dngettext (NULL, "%s (neutral) in the %u row\n",
                                  "%s (neutral) in all %u rows\n", n), neutral, n);
          else
            /* TRANSLATORS: rows that set a value of their own, of all rows, and the
             * neutral value the others have */
            g_print (g_dngettext (NULL, "set in %u of %u row, %s (neutral) in the others\n",
                                  "set in %u of %u rows, %s (neutral) in the others\n", n),
                     set, n, neutral);
        }
    }
}

static int
cmd_info (int    argc,
          char **argv)
{
  g_autoptr(GwScenario) s = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autoptr(GHashTable) sources = g_hash_table_new (g_str_hash, g_str_equal);
  GError *error = NULL;
  gboolean show_sources = FALSE;
  const char *path = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--sources"))
        show_sources = TRUE;
      else if (path == NULL)
        path = argv[i];
      else
        return usage_error ("info", _("unexpected argument"));
    }
  if (path == NULL)
    return usage_error ("info", _("expected one FILE"));
  s = load_any (path, NULL, &error);
  if (s == NULL)
    return fail (error);

  start = gw_quarter_format (s->info.start);
  end = gw_quarter_format (s->info.start + s->info.horizon - 1);
  g_print ("%s\n", s->info.name);
  if (s->info.description[0])
    g_print ("%s\n", s->info.description);
  g_print (_("\nQuarters: %s to %s (%d); paths: %d; seed: %" G_GUINT64_FORMAT
             "; model version %d; %u input slots\n\n"),
           start, end, s->info.horizon, s->info.paths, s->info.seed, s->info.model_version,
           gw_scenario_n_slots (s));
  g_print (_("Tables:\n"));
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    if (!gw_table_info (t)->single)
      print_table_summary (s, t);
  print_new_fields (s);

  g_print (_("\nVariants:\n"));
  if (gw_scenario_n_rows (s, GW_TABLE_VARIANTS) == 0)
    g_print (_("  (none)\n"));
  for (guint v = 0; v < gw_scenario_n_rows (s, GW_TABLE_VARIANTS); v++)
    {
      const GwVariant *variant = gw_scenario_variant (s, v);
      guint n = 0;

      for (guint o = 0; o < gw_scenario_n_rows (s, GW_TABLE_OVERRIDES); o++)
        n += g_str_equal (gw_scenario_override (s, o)->variant, variant->name);
      g_print ("  %-24s %3u %s", variant->name, n, g_dngettext (NULL, "override", "overrides", n));
      if (variant->notes[0])
        g_print ("  %s", variant->notes);
      g_print ("\n");
      for (guint o = 0; show_sources && o < gw_scenario_n_rows (s, GW_TABLE_OVERRIDES); o++)
        {
          const GwOverride *ov = gw_scenario_override (s, o);
          g_autofree char *value = NULL;

          if (!g_str_equal (ov->variant, variant->name))
            continue;
          value = gw_dist_to_string (&ov->value);
          g_print ("      %s = %s\n", ov->input, value);
        }
    }

  /* Sources: every distinct source text, with the rows that cite it. */
  g_print (_("\nSources:\n"));
  for (GwTable t = 0; t < GW_N_TABLES; t++)
    for (guint r = 0; r < gw_scenario_n_rows (s, t); r++)
      {
        const GwTableInfo *info = gw_table_info (t);
        int f = gw_table_find_field (t, "source");
        const char *source = GW_FIELD_TEXT_OF (gw_scenario_get_row (s, t, r), &info->fields[f]);
        g_autofree char *key = gw_scenario_row_key (s, t, r);

        if (show_sources)
          g_print ("  %s%s%s%s: %s\n", info->name, key[0] ? "[" : "", key, key[0] ? "]" : "",
                   source[0] ? source : _("(no source)"));
        else if (source[0])
          g_hash_table_add (sources, (gpointer) source);
      }
  if (!show_sources)
    g_print (_("  %u distinct sources (list them with --sources)\n"),
             g_hash_table_size (sources));
  return EXIT_OK;
}

int gw_cli_chart  (int argc, char **argv);  /* gw-cli-chart.c */
int gw_cli_report (int argc, char **argv);
int gw_cli_devices (int argc, char **argv); /* gw-cli-run.c */

static const Command commands[] = {
  { "validate", N_("FILE"), N_("Check a scenario and every variant"), cmd_validate },
  { "info", N_("FILE [--sources]"), N_("Show tables, variants and sources"), cmd_info },
  { "import", N_("JSON OUT.gigawatt"), N_("Convert JSON to a .gigawatt file"), cmd_import },
  { "export", N_("FILE OUT.json"), N_("Write a scenario as JSON (- for standard output)"),
    cmd_export },
  { "new", N_("--builtin[=ID] OUT.gigawatt"), N_("Write a built-in scenario to a file"),
    cmd_new },
  { "run", N_("FILE [--variant V] [--paths N] [--seed S] [--deterministic] [--threads K] "
              "[--engine cpu|opencl|auto] [--device N] [--exact-quantiles] "
              "[--csv DIR [--per-path]] [--json FILE] [--sensitivity SCALAR[@PROVIDER]]"),
    N_("Run the model and summarise it"), gw_cli_run },
  { "bench", N_("[FILE] [--paths N,...] [--threads K,...] [--engine cpu|opencl|auto,...] "
                "[--device N] [--repeat R] [--exact-quantiles] [--phases] [--in-process]"),
    N_("Measure the engines' throughput"), gw_cli_bench },
  { "devices", N_("[FILE]"), N_("List the OpenCL devices and the engine auto picks for FILE"), gw_cli_devices },
  { "chart", N_("FILE --kind fan|stacked|lines|histogram|tornado|compare|leverage|waterfall "
                "[--series S] [--provider P] [--scalar X[@P]] [--year YYYY] [--neoclouds] [--log] "
                "[--variant V] [--against V2] [--paths N] [--engine E] [--where COND...] "
                "[--line V] [--at YYYYQN] "
                "--out F.svg|pdf|png [--width W --height H --dpi D] [--csv F.csv]"),
    N_("Draw a chart of a run"), gw_cli_chart },
  { "report", N_("FILE [--variant V] [--paths N] --out F.pdf"),
    N_("Write a multi-page PDF report"), gw_cli_report },
  { "goal", N_("FILE --input PATH --output OUT --stat S --target V [--range LO,HI] "
               "[--tolerance T] [--max-runs N] [--variant V] [--paths N] [--seed S]"),
    N_("Find the input value at which a statistic reaches a target"), gw_cli_goal },
  { "sweep", N_("FILE --input PATH [--range LO,HI] [--steps N] [--by PATH --by-values V,... | "
                "--spider PATH,...] --output OUT... [--stat S,...] [--csv F.csv] [--variant V] "
                "[--paths N] [--seed S]"),
    N_("A statistic of outputs over a range of one input"), gw_cli_sweep },
  { "stat", N_("FILE --output OUT... [--stat mean|sd|pNN|P(<X)|P(>X),...] [--where COND...] "
               "[--variant V] [--paths N] [--seed S]"),
    N_("Statistics of any output, with their standard errors"), gw_cli_stat },
  { "drivers", N_("FILE (--output SCALAR[@P] [--tail SHARE] [--upper] | --where COND...) "
                  "[--variant V] [--paths N] [--seed S]"),
    N_("Which inputs set the worst (or chosen) paths apart"), gw_cli_drivers },
  { "converge", N_("FILE --output OUT [--stat mean|pNN|P(<X)] --se TARGET [--paths FIRST] "
                   "[--max-paths N] [--variant V] [--seed S]"),
    N_("Run with more paths until a statistic's standard error is small enough"),
    gw_cli_converge },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, _("Usage: gigawatt-cli COMMAND [ARGS]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].args));

      if (g_utf8_strlen (left, -1) > 36)
        fprintf (stream, "  %s\n  %-36s %s\n", left, "", _(commands[i].summary));
      else
        fprintf (stream, "  %-36s %s\n", left, _(commands[i].summary));
    }
  fprintf (stream, _("\nFILE is a .gigawatt file, a .json export, or --builtin for the "
                     "Baseline 2026 scenario.\nExit status: 0 ok, 1 bad input, 2 usage.\n"));
}

/* A count: digits, or 1e6 style, at most @max. */
gboolean
gw_cli_parse_uint (const char *text,
                   guint64     max,
                   guint64    *out)
{
  char *end = NULL;
  guint64 v;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (text, &end, 10);
  /* allow 1e6 style */
  if (*end == 'e' || *end == 'E')
    {
      char *end2 = NULL;
      guint64 e = g_ascii_strtoull (end + 1, &end2, 10);

      if (end2 == end + 1 || e > 19)
        return FALSE;
      for (guint64 i = 0; i < e; i++)
        {
          if (v > G_MAXUINT64 / 10)
            return FALSE;
          v *= 10;
        }
      end = end2;
    }
  if (errno != 0 || *end != '\0' || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

/* --engine cpu, opencl or auto */
gboolean
gw_cli_parse_engine (const char   *text,
                     GwEngineKind *out)
{
  if (g_str_equal (text, "cpu"))
    *out = GW_ENGINE_CPU;
  else if (g_str_equal (text, "opencl"))
    *out = GW_ENGINE_OPENCL;
  else if (g_str_equal (text, "auto"))
    *out = GW_ENGINE_AUTO;
  else
    return FALSE;
  return TRUE;
}

int
gw_cli_usage_error (const char *command,
                    const char *message)
{
  return usage_error (command, message);
}

GwScenario *
gw_cli_load (const char *path,
             GError    **error)
{
  return load_any (path, NULL, error);
}

/**
 * gw_cli_load_full:
 * @view: (out) (transfer full): the view saved with the scenario, or %NULL
 *   (a built-in scenario, a file without one)
 */
GwScenario *
gw_cli_load_full (const char  *path,
                  GwView     **view,
                  GError     **error)
{
  return load_any (path, view, error);
}

int
gw_cli_fail (GError *error)
{
  return fail (error);
}

static int
usage_error (const char *command,
             const char *message)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, command) == 0)
      g_printerr (_("gigawatt-cli %s: %s\nUsage: gigawatt-cli %s %s\n"), command, message,
                  command, _(commands[i].args));
  return EXIT_USAGE;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("gigawatt-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("gigawatt-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
