/* gw-view.c: how a document is looked at, saved with it
 *
 * The view is a handful of entries, each a key and a small JSON value, so
 * that the .gigawatt file (one row of view_state per entry) and JSON (one
 * member of "view" per entry) hold it the same way, and a later version can
 * add a kind of entry without a new table or column:
 *
 *   focus_provider    "Nebius"
 *   chart:min-dscr    {"output": "dscr", "provider": "Nebius", "log_scale": true}
 *
 * The view may come from anyone and is never worth losing a document over:
 * an entry that cannot be read is left out with a message, and the loaders
 * go on. A key this version does not know is skipped without a word (a
 * newer Gigawatt may have written it). What an output key means is for the
 * chart to say (the data layer does not know the run's outputs): a card
 * that does not offer the output shows its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "gw-error.h"
#include "gw-json.h"
#include "gw-json-scan.h"
#include "gw-table.h"
#include "gw-view.h"

typedef struct
{
  char     *output;     /* NULL: the slot's own */
  char     *provider;   /* NULL: the focus provider */
  gboolean  log_scale;
} Choice;

struct _GwView
{
  char       *focus_provider;  /* NULL: the default */
  GHashTable *charts;          /* slot name -> Choice */
};

static void
choice_free (Choice *choice)
{
  g_free (choice->output);
  g_free (choice->provider);
  g_free (choice);
}

static Choice *
choice_new (const char *output,
            const char *provider,
            gboolean    log_scale)
{
  Choice *choice = g_new0 (Choice, 1);

  choice->output = g_strdup (output);
  choice->provider = g_strdup (provider);
  choice->log_scale = !!log_scale;
  return choice;
}

static gboolean
choice_equal (const Choice *a,
              const Choice *b)
{
  return g_strcmp0 (a->output, b->output) == 0 && g_strcmp0 (a->provider, b->provider) == 0
         && a->log_scale == b->log_scale;
}

GwView *
gw_view_new (void)
{
  GwView *view = g_new0 (GwView, 1);

  view->charts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) choice_free);
  return view;
}

GwView *
gw_view_copy (const GwView *view)
{
  GwView *copy = gw_view_new ();
  GHashTableIter iter;
  gpointer key, value;

  copy->focus_provider = g_strdup (view->focus_provider);
  g_hash_table_iter_init (&iter, view->charts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Choice *choice = value;

      g_hash_table_insert (copy->charts, g_strdup (key),
                           choice_new (choice->output, choice->provider, choice->log_scale));
    }
  return copy;
}

void
gw_view_free (GwView *view)
{
  if (view == NULL)
    return;
  g_free (view->focus_provider);
  g_hash_table_unref (view->charts);
  g_free (view);
}

gboolean
gw_view_equal (const GwView *a,
               const GwView *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_strcmp0 (a->focus_provider, b->focus_provider) != 0
      || g_hash_table_size (a->charts) != g_hash_table_size (b->charts))
    return FALSE;
  g_hash_table_iter_init (&iter, a->charts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Choice *other = g_hash_table_lookup (b->charts, key);

      if (other == NULL || !choice_equal (value, other))
        return FALSE;
    }
  return TRUE;
}

/* Whether every choice is the default, as in a new document. */
gboolean
gw_view_is_empty (const GwView *view)
{
  return view->focus_provider == NULL && g_hash_table_size (view->charts) == 0;
}

/* Focus ----------------------------------------------------------------- */

/**
 * gw_view_get_focus_provider:
 *
 * Returns: (nullable): the focus provider chosen, or %NULL for the default
 */
const char *
gw_view_get_focus_provider (const GwView *view)
{
  return view->focus_provider;
}

/**
 * gw_view_set_focus_provider:
 * @provider: (nullable): a provider's name, or %NULL (or "") for the default
 *
 * Returns: whether the view changed
 */
gboolean
gw_view_set_focus_provider (GwView     *view,
                            const char *provider)
{
  if (provider != NULL && provider[0] == '\0')
    provider = NULL;
  if (g_strcmp0 (view->focus_provider, provider) == 0)
    return FALSE;
  g_free (view->focus_provider);
  view->focus_provider = g_strdup (provider);
  return TRUE;
}

/**
 * gw_view_resolve_focus:
 *
 * The provider the Overview and the per-provider charts show: the one
 * chosen, while the scenario has it; else CoreWeave, the neocloud the model
 * was built around, where the scenario has it; else its first provider.
 *
 * Returns: (nullable): a provider's name as @scenario holds it, or %NULL
 *   for a scenario without providers
 */
const char *
gw_view_resolve_focus (const GwView     *view,
                       const GwScenario *scenario)
{
  int j = -1;

  if (view != NULL && view->focus_provider != NULL)
    j = gw_scenario_find_row (scenario, GW_TABLE_PROVIDERS, view->focus_provider);
  if (j < 0)
    j = gw_scenario_find_row (scenario, GW_TABLE_PROVIDERS, "CoreWeave");
  if (j < 0 && gw_scenario_n_providers (scenario) > 0)
    j = 0;
  return j >= 0 ? gw_scenario_provider (scenario, j)->name : NULL;
}

/* Charts ---------------------------------------------------------------- */

/* A slot name or an output key: what a card's slot (its nick, "min-dscr")
 * or a run's output ("first_dscr_below_1") is called. */
static gboolean
word_valid (const char *word)
{
  gsize n = 0;

  if (word == NULL)
    return FALSE;
  for (const char *p = word; *p != '\0'; p++, n++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '-')
      return FALSE;
  return n > 0 && n + strlen (GW_VIEW_KEY_CHART_PREFIX) <= GW_VIEW_MAX_KEY;
}

/**
 * gw_view_slot_name_valid:
 *
 * Whether @slot can name a chart slot in a file: lower-case ASCII letters,
 * digits, '-' and '_', short enough for a key.
 */
gboolean
gw_view_slot_name_valid (const char *slot)
{
  return word_valid (slot);
}

/**
 * gw_view_get_chart:
 * @output: (out) (optional) (nullable): the output chosen, or %NULL for
 *   the slot's own
 * @provider: (out) (optional) (nullable): the provider chosen, or %NULL to
 *   follow the focus
 * @log_scale: (out) (optional): whether a log scale was asked for
 *
 * Returns: whether anything is chosen for @slot (the outputs are set to
 *   the defaults where not)
 */
gboolean
gw_view_get_chart (const GwView *view,
                   const char   *slot,
                   const char  **output,
                   const char  **provider,
                   gboolean     *log_scale)
{
  const Choice *choice = g_hash_table_lookup (view->charts, slot);

  if (output != NULL)
    *output = choice ? choice->output : NULL;
  if (provider != NULL)
    *provider = choice ? choice->provider : NULL;
  if (log_scale != NULL)
    *log_scale = choice ? choice->log_scale : FALSE;
  return choice != NULL;
}

/**
 * gw_view_set_chart:
 * @slot: a slot name (gw_view_slot_name_valid())
 * @output: (nullable): an output key, or %NULL (or "") for the slot's own
 * @provider: (nullable): a provider's name, or %NULL (or "") to follow the
 *   focus provider
 *
 * Choosing every default forgets the slot.
 *
 * Returns: whether the view changed
 */
gboolean
gw_view_set_chart (GwView     *view,
                   const char *slot,
                   const char *output,
                   const char *provider,
                   gboolean    log_scale)
{
  Choice *old;
  Choice *choice;

  g_return_val_if_fail (gw_view_slot_name_valid (slot), FALSE);
  if (output != NULL && output[0] == '\0')
    output = NULL;
  if (provider != NULL && provider[0] == '\0')
    provider = NULL;
  old = g_hash_table_lookup (view->charts, slot);
  if (output == NULL && provider == NULL && !log_scale)
    return g_hash_table_remove (view->charts, slot);
  choice = choice_new (output, provider, log_scale);
  if (old != NULL && choice_equal (old, choice))
    {
      choice_free (choice);
      return FALSE;
    }
  g_hash_table_insert (view->charts, g_strdup (slot), choice);
  return TRUE;
}

/* Entries --------------------------------------------------------------- */

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * gw_view_dup_keys:
 *
 * Returns: (transfer full): the keys of the view's entries, sorted (the
 *   order in which they are written)
 */
GStrv
gw_view_dup_keys (const GwView *view)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer slot;

  g_hash_table_iter_init (&iter, view->charts);
  while (g_hash_table_iter_next (&iter, &slot, NULL))
    g_ptr_array_add (keys, g_strconcat (GW_VIEW_KEY_CHART_PREFIX, slot, NULL));
  if (view->focus_provider != NULL)
    g_ptr_array_add (keys, g_strdup (GW_VIEW_KEY_FOCUS_PROVIDER));
  g_ptr_array_sort (keys, compare_keys);
  g_ptr_array_add (keys, NULL);
  return (GStrv) g_ptr_array_free (keys, FALSE);
}

/**
 * gw_view_dup_value:
 * @key: one of gw_view_dup_keys()
 *
 * Returns: (transfer full) (nullable): the entry's value as JSON text, one
 *   line, or %NULL where the view has no such entry
 */
char *
gw_view_dup_value (const GwView *view,
                   const char   *key)
{
  GString *out;
  const Choice *choice;
  const char *sep = "";

  if (g_str_equal (key, GW_VIEW_KEY_FOCUS_PROVIDER))
    {
      if (view->focus_provider == NULL)
        return NULL;
      out = g_string_new (NULL);
      gw_json_append_string (out, view->focus_provider);
      return g_string_free (out, FALSE);
    }
  if (!g_str_has_prefix (key, GW_VIEW_KEY_CHART_PREFIX))
    return NULL;
  choice = g_hash_table_lookup (view->charts, key + strlen (GW_VIEW_KEY_CHART_PREFIX));
  if (choice == NULL)
    return NULL;
  out = g_string_new ("{");
  if (choice->output != NULL)
    {
      g_string_append (out, "\"output\": ");
      gw_json_append_string (out, choice->output);
      sep = ", ";
    }
  if (choice->provider != NULL)
    {
      g_string_append_printf (out, "%s\"provider\": ", sep);
      gw_json_append_string (out, choice->provider);
      sep = ", ";
    }
  if (choice->log_scale)
    g_string_append_printf (out, "%s\"log_scale\": true", sep);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* A provider's name as a view may hold it; NULL with @error set if it is
 * not a string. A JSON null is no provider. */
static gboolean
read_provider (JsonNode    *node,
               const char  *key,
               const char  *member,
               const char **provider,
               GError     **error)
{
  const char *text;

  *provider = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
  if (text == NULL || text[0] == '\0' || strlen (text) > GW_MAX_NAME_LENGTH)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   /* TRANSLATORS: a key of the view, then a member of its value */
                   _("“%s”: “%s” must be a provider’s name (text of 1 to %d bytes)"), key,
                   member, GW_MAX_NAME_LENGTH);
      return FALSE;
    }
  *provider = text;
  return TRUE;
}

static gboolean
read_chart (GwView      *view,
            const char  *key,
            JsonNode    *root,
            GError     **error)
{
  const char *slot = key + strlen (GW_VIEW_KEY_CHART_PREFIX);
  const char *output = NULL, *provider = NULL;
  gboolean log_scale = FALSE;
  JsonObject *object;
  JsonNode *node;

  if (!gw_view_slot_name_valid (slot))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("“%s”: “%s” is not a chart slot’s name (lower-case letters, digits, "
                     "“-” and “_”)"), key, slot);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                   _("“%s”: the value must be an object such as {\"output\": \"dscr\"}"), key);
      return FALSE;
    }
  object = json_node_get_object (root);
  node = json_object_get_member (object, "output");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      output = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
               ? json_node_get_string (node) : NULL;
      if (!word_valid (output))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                       _("“%s”: “output” must be an output’s key such as \"dscr\""), key);
          return FALSE;
        }
    }
  if (!read_provider (json_object_get_member (object, "provider"), key, "provider", &provider,
                      error))
    return FALSE;
  node = json_object_get_member (object, "log_scale");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, GW_ERROR, GW_ERROR_INVALID_VALUE,
                       _("“%s”: “log_scale” must be true or false"), key);
          return FALSE;
        }
      log_scale = json_node_get_boolean (node);
    }
  /* members of a later version are not this one's to read */
  gw_view_set_chart (view, slot, output, provider, log_scale);
  return TRUE;
}

/**
 * gw_view_read_value:
 * @key: the entry's key
 * @value: its value, JSON text of @length bytes (not necessarily
 *   NUL-terminated)
 *
 * Sets the entry of the view that @key names from @value, as a .gigawatt
 * file or a JSON document holds it. A key this version does not know is
 * skipped. The text may come from anyone: it is read strictly
 * (gw-json-scan.c) and bounded in size.
 *
 * Returns: %FALSE with @error set (a message that names @key) where the
 *   entry cannot be read; the view is then unchanged
 */
gboolean
gw_view_read_value (GwView      *view,
                    const char  *key,
                    const char  *value,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  gboolean focus, chart;
  JsonNode *root;

  g_return_val_if_fail (key != NULL && value != NULL, FALSE);
  focus = g_str_equal (key, GW_VIEW_KEY_FOCUS_PROVIDER);
  chart = g_str_has_prefix (key, GW_VIEW_KEY_CHART_PREFIX);
  if (!focus && !chart)
    return TRUE;
  if (length > GW_VIEW_MAX_VALUE)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_LIMIT,
                   _("“%s”: the value is %" G_GSIZE_FORMAT " bytes long; at most %d are read"),
                   key, length, GW_VIEW_MAX_VALUE);
      return FALSE;
    }
  if (!gw_json_scan (value, length, key, error))
    return FALSE;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, value, length, &local))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_PARSE, _("“%s” is not valid JSON: %s"), key,
                   local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (chart)
    return read_chart (view, key, root, error);

  {
    const char *provider = NULL;

    if (!read_provider (root, key, "value", &provider, error))
      return FALSE;
    gw_view_set_focus_provider (view, provider);
    return TRUE;
  }
}

/**
 * gw_view_check_providers:
 * @scenario: the scenario read with the view
 * @where: the place of the view in messages, such as “a.gigawatt”, table
 *   view_state
 * @warnings: (element-type utf8): where a message is added for each
 *   provider left out
 *
 * Leaves out the providers that @scenario does not have: the focus
 * provider goes back to the default, a chart follows the focus provider.
 */
void
gw_view_check_providers (GwView           *view,
                         const GwScenario *scenario,
                         const char       *where,
                         GPtrArray        *warnings)
{
  g_auto(GStrv) keys = gw_view_dup_keys (view);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      const char *provider;
      const char *output;
      gboolean log_scale;

      if (g_str_equal (key, GW_VIEW_KEY_FOCUS_PROVIDER))
        {
          provider = view->focus_provider;
          if (gw_scenario_find_row (scenario, GW_TABLE_PROVIDERS, provider) >= 0)
            continue;
          g_ptr_array_add (warnings,
                           /* TRANSLATORS: where, key, provider */
                           g_strdup_printf (_("%s: “%s”: the scenario has no provider “%s”; the "
                                              "default provider is shown instead"),
                                            where, key, provider));
          gw_view_set_focus_provider (view, NULL);
          continue;
        }
      gw_view_get_chart (view, key + strlen (GW_VIEW_KEY_CHART_PREFIX), &output, &provider,
                         &log_scale);
      if (provider == NULL || gw_scenario_find_row (scenario, GW_TABLE_PROVIDERS, provider) >= 0)
        continue;
      g_ptr_array_add (warnings,
                       /* TRANSLATORS: where, key, provider */
                       g_strdup_printf (_("%s: “%s”: the scenario has no provider “%s”; the "
                                          "chart follows the focus provider instead"),
                                        where, key, provider));
      {
        g_autofree char *kept = g_strdup (output);

        gw_view_set_chart (view, key + strlen (GW_VIEW_KEY_CHART_PREFIX), kept, NULL, log_scale);
      }
    }
}

/**
 * gw_view_copy_for:
 *
 * The view as it is saved with @scenario: without the providers that the
 * scenario no longer has (a provider removed after a card chose it), so
 * that a file never holds what its reader would refuse.
 *
 * Returns: (transfer full): a copy of @view
 */
GwView *
gw_view_copy_for (const GwView     *view,
                  const GwScenario *scenario)
{
  g_autoptr(GPtrArray) ignored = g_ptr_array_new_with_free_func (g_free);
  GwView *copy = gw_view_copy (view);

  gw_view_check_providers (copy, scenario, "", ignored);
  return copy;
}
