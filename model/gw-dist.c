/* gw-dist.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gw-dist.h"
#include "gw-error.h"

typedef struct
{
  const char *name;
  const char *label;
  guint       n_params;
  const char *params[4];
} DistKindInfo;

static const DistKindInfo kinds[GW_N_DIST_KINDS] = {
  [GW_DIST_NONE] = { "none", N_("Not given"), 0, { NULL } },
  [GW_DIST_FIXED] = { "fixed", N_("Fixed"), 1, { "value" } },
  [GW_DIST_UNIFORM] = { "uniform", N_("Uniform"), 2, { "lo", "hi" } },
  [GW_DIST_TRIANGULAR] = { "triangular", N_("Triangular"), 3, { "lo", "mode", "hi" } },
  [GW_DIST_NORMAL] = { "normal", N_("Normal"), 4, { "mean", "sd", "lo", "hi" } },
  [GW_DIST_LOGNORMAL] = { "lognormal", N_("Lognormal"), 2, { "p10", "p90" } },
};

static gboolean
kind_valid (GwDistKind kind)
{
  return kind >= 0 && kind < GW_N_DIST_KINDS;
}

GwDist
gw_dist_fixed (double value)
{
  return (GwDist) { GW_DIST_FIXED, { value, 0, 0, 0 } };
}

GwDist
gw_dist_uniform (double lo,
                 double hi)
{
  return (GwDist) { GW_DIST_UNIFORM, { lo, hi, 0, 0 } };
}

GwDist
gw_dist_triangular (double lo,
                    double mode,
                    double hi)
{
  return (GwDist) { GW_DIST_TRIANGULAR, { lo, mode, hi, 0 } };
}

/**
 * gw_dist_normal:
 * @lo: the lower truncation bound, or -INFINITY for none
 * @hi: the upper truncation bound, or INFINITY for none
 */
GwDist
gw_dist_normal (double mean,
                double sd,
                double lo,
                double hi)
{
  return (GwDist) { GW_DIST_NORMAL, { mean, sd, lo, hi } };
}

GwDist
gw_dist_lognormal (double p10,
                   double p90)
{
  return (GwDist) { GW_DIST_LOGNORMAL, { p10, p90, 0, 0 } };
}

gboolean
gw_dist_is_set (const GwDist *dist)
{
  return dist->kind != GW_DIST_NONE;
}

gboolean
gw_dist_is_uncertain (const GwDist *dist)
{
  return dist->kind > GW_DIST_FIXED;
}

/* Exact comparison of the parameters that the kind uses; unused
 * parameters are ignored so that a stale value behind a kind switch does
 * not make two equal distributions differ. */
gboolean
gw_dist_equal (const GwDist *a,
               const GwDist *b)
{
  if (a->kind != b->kind)
    return FALSE;
  if (!kind_valid (a->kind))
    return TRUE;
  for (guint i = 0; i < kinds[a->kind].n_params; i++)
    if (!(a->p[i] == b->p[i]) && !(isnan (a->p[i]) && isnan (b->p[i])))
      return FALSE;
  return TRUE;
}

double
gw_dist_icdf (const GwDist *dist,
              double        u)
{
  return gw_sample_icdf (dist->kind, dist->p[0], dist->p[1], dist->p[2], dist->p[3], u);
}

double
gw_dist_central (const GwDist *dist)
{
  return gw_sample_central (dist->kind, dist->p[0], dist->p[1], dist->p[2], dist->p[3]);
}

/**
 * gw_dist_support:
 * @lo: (out): the smallest value the law can take (may be -INFINITY)
 * @hi: (out): the largest value the law can take (may be INFINITY)
 *
 * A lognormal law's support is (0, INFINITY): *@lo is 0, which it never takes.
 */
void
gw_dist_support (const GwDist *dist,
                 double       *lo,
                 double       *hi)
{
  switch (dist->kind)
    {
    case GW_DIST_FIXED:
      *lo = *hi = dist->p[0];
      break;
    case GW_DIST_UNIFORM:
      *lo = dist->p[0];
      *hi = dist->p[1];
      break;
    case GW_DIST_TRIANGULAR:
      *lo = dist->p[0];
      *hi = dist->p[2];
      break;
    case GW_DIST_NORMAL:
      *lo = dist->p[2];
      *hi = dist->p[3];
      break;
    case GW_DIST_LOGNORMAL:
      *lo = 0;
      *hi = INFINITY;
      break;
    default:
      *lo = *hi = NAN;
      break;
    }
}

guint
gw_dist_n_params (GwDistKind kind)
{
  return kind_valid (kind) ? kinds[kind].n_params : 0;
}

const char *
gw_dist_kind_name (GwDistKind kind)
{
  return kind_valid (kind) ? kinds[kind].name : "?";
}

const char *
gw_dist_kind_label (GwDistKind kind)
{
  return kind_valid (kind) ? _(kinds[kind].label) : "?";
}

gboolean
gw_dist_kind_from_name (const char *name,
                        GwDistKind *kind)
{
  for (GwDistKind k = GW_DIST_FIXED; k < GW_N_DIST_KINDS; k++)
    if (g_strcmp0 (name, kinds[k].name) == 0)
      {
        *kind = k;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_dist_param_name (GwDistKind kind,
                    guint      i)
{
  if (!kind_valid (kind) || i >= kinds[kind].n_params)
    return NULL;
  return kinds[kind].params[i];
}

/* Only a normal law's truncation bounds may be left out. */
gboolean
gw_dist_param_optional (GwDistKind kind,
                        guint      i)
{
  return kind == GW_DIST_NORMAL && i >= 2;
}

/**
 * gw_dist_check_params:
 *
 * Checks the parameters against each other (not against a field's range).
 *
 * Returns: (nullable): a translated description of what is wrong, or %NULL
 */
char *
gw_dist_check_params (const GwDist *dist)
{
  const double *p = dist->p;

  if (!kind_valid (dist->kind))
    return g_strdup_printf (_("unknown distribution kind %d"), dist->kind);

  for (guint i = 0; i < kinds[dist->kind].n_params; i++)
    {
      if (gw_dist_param_optional (dist->kind, i) && isinf (p[i]))
        continue;
      if (!isfinite (p[i]))
        return g_strdup_printf (_("parameter “%s” is not a finite number"),
                                kinds[dist->kind].params[i]);
    }

  switch (dist->kind)
    {
    case GW_DIST_UNIFORM:
      if (!(p[0] < p[1]))
        return g_strdup_printf (_("uniform lo (%g) must be below hi (%g)"), p[0], p[1]);
      break;
    case GW_DIST_TRIANGULAR:
      if (!(p[0] < p[2]))
        return g_strdup_printf (_("triangular lo (%g) must be below hi (%g)"), p[0], p[2]);
      if (p[1] < p[0] || p[1] > p[2])
        return g_strdup_printf (_("triangular mode (%g) must lie between lo (%g) and hi (%g)"),
                                p[1], p[0], p[2]);
      break;
    case GW_DIST_NORMAL:
      if (!(p[1] > 0))
        return g_strdup_printf (_("normal sd (%g) must be above 0"), p[1]);
      if (p[2] == INFINITY || p[3] == -INFINITY)
        return g_strdup (_("normal truncation bounds point the wrong way"));
      if (!(p[2] < p[3]))
        return g_strdup_printf (_("normal lo (%g) must be below hi (%g)"), p[2], p[3]);
      /* Phi of both standardized bounds rounding to the same number means
       * the window holds no probability we can represent. */
      if (!(gw_phi ((p[3] - p[0]) / p[1]) > gw_phi ((p[2] - p[0]) / p[1])))
        return g_strdup_printf (_("normal truncation window [%g, %g] lies too far in the tail "
                                  "of mean %g, sd %g"), p[2], p[3], p[0], p[1]);
      break;
    case GW_DIST_LOGNORMAL:
      if (!(p[0] > 0))
        return g_strdup_printf (_("lognormal p10 (%g) must be above 0"), p[0]);
      if (!(p[0] < p[1]))
        return g_strdup_printf (_("lognormal p10 (%g) must be below p90 (%g)"), p[0], p[1]);
      break;
    default:
      break;
    }
  return NULL;
}

/**
 * gw_number_to_string:
 *
 * The shortest decimal text that g_ascii_strtod() reads back as exactly
 * @value ("0.8", not "0.80000000000000004"), without an exponent between
 * 1e-4 and 1e15 ("850", not "8.5e+02").
 */
char *
gw_number_to_string (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 1; digits < 17; digits++)
    {
      char fmt[16];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, fmt, value);
      if (strchr (buf, 'e') != NULL && fabs (value) >= 1e-4 && fabs (value) < 1e15)
        continue;
      if (g_ascii_strtod (buf, NULL) == value)
        return g_strdup (buf);
    }
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, value));
}

/**
 * gw_dist_to_string:
 *
 * Formats a distribution so that gw_dist_parse() reads back the same
 * parameters exactly: "50000", "triangular(47000, 50000, 52000)",
 * "normal(0.09, 0.02, lo=0)", "lognormal(2.5, 9)".
 */
char *
gw_dist_to_string (const GwDist *dist)
{
  GString *s;

  if (dist->kind == GW_DIST_NONE)
    return g_strdup ("");
  if (dist->kind == GW_DIST_FIXED)
    return gw_number_to_string (dist->p[0]);

  s = g_string_new (gw_dist_kind_name (dist->kind));
  g_string_append_c (s, '(');
  for (guint i = 0; i < gw_dist_n_params (dist->kind); i++)
    {
      if (gw_dist_param_optional (dist->kind, i))
        {
          if (isinf (dist->p[i]))
            continue;
          g_string_append_printf (s, ", %s=", gw_dist_param_name (dist->kind, i));
        }
      else if (i > 0)
        g_string_append (s, ", ");
      {
        g_autofree char *number = gw_number_to_string (dist->p[i]);

        g_string_append (s, number);
      }
    }
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;
  g_autofree char *copy = g_strstrip (g_strdup (text));

  if (copy[0] == '\0')
    return FALSE;
  *value = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0';
}

/**
 * gw_dist_parse:
 * @text: a plain number or kind(params), as written by gw_dist_to_string();
 *   parameters may also be named (triangular(lo=1, mode=2, hi=3))
 *
 * Parses the syntax only; gw_dist_check_params() and the field's range
 * check the values.
 */
gboolean
gw_dist_parse (const char *text,
               GwDist     *dist,
               GError    **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  g_auto(GStrv) args = NULL;
  GwDist d = { 0 };
  char *open, *close;
  guint positional = 0;

  if (parse_number (copy, &d.p[0]))
    {
      *dist = gw_dist_fixed (d.p[0]);
      return TRUE;
    }

  open = strchr (copy, '(');
  close = strrchr (copy, ')');
  if (open == NULL || close == NULL || close < open || close[1] != '\0')
    goto syntax;
  *open = '\0';
  *close = '\0';
  g_strstrip (copy);
  if (!gw_dist_kind_from_name (copy, &d.kind))
    {
      g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
                   _("“%s” is not a distribution; use fixed, uniform, triangular, normal "
                     "or lognormal"), copy);
      return FALSE;
    }
  if (d.kind == GW_DIST_NORMAL)
    {
      d.p[2] = -INFINITY;
      d.p[3] = INFINITY;
    }

  args = g_strsplit (open + 1, ",", -1);
  for (guint i = 0; args[i] != NULL; i++)
    {
      char *eq = strchr (args[i], '=');
      guint index = positional;
      double value;

      if (eq != NULL)
        {
          g_autofree char *name = g_strstrip (g_strndup (args[i], eq - args[i]));
          guint j;

          for (j = 0; j < gw_dist_n_params (d.kind); j++)
            if (g_strcmp0 (name, gw_dist_param_name (d.kind, j)) == 0)
              break;
          if (j == gw_dist_n_params (d.kind))
            {
              g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
                           _("%s has no parameter “%s”"), gw_dist_kind_name (d.kind), name);
              return FALSE;
            }
          index = j;
        }
      else
        positional++;

      if (index >= gw_dist_n_params (d.kind))
        {
          g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
                       _("%s takes at most %u parameters"),
                       gw_dist_kind_name (d.kind), gw_dist_n_params (d.kind));
          return FALSE;
        }
      if (!parse_number (eq ? eq + 1 : args[i], &value))
        goto syntax;
      d.p[index] = value;
    }

  for (guint i = 0; i < gw_dist_n_params (d.kind); i++)
    if (!gw_dist_param_optional (d.kind, i) && i >= positional)
      {
        /* A named required parameter also counts as given. */
        gboolean named = FALSE;

        for (guint j = 0; args[j] != NULL; j++)
          {
            g_autofree char *name = NULL;
            char *eq = strchr (args[j], '=');

            if (eq == NULL)
              continue;
            name = g_strstrip (g_strndup (args[j], eq - args[j]));
            named |= g_strcmp0 (name, gw_dist_param_name (d.kind, i)) == 0;
          }
        if (!named)
          {
            g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
                         _("%s needs its parameter “%s”"), gw_dist_kind_name (d.kind),
                         gw_dist_param_name (d.kind, i));
            return FALSE;
          }
      }

  *dist = d;
  return TRUE;

syntax:
  g_set_error (error, GW_ERROR, GW_ERROR_PARSE,
               _("“%s” is neither a number nor a distribution such as "
                 "triangular(1, 2, 4)"), text ? text : "");
  return FALSE;
}
