/* gw-cpu-features.h: which x86-64 levels this CPU runs
 *
 * GCC asks for the psABI levels by name; clang before 16 knows only the
 * features, and not all of them: x86-64-v3 is taken as AVX2, FMA, BMI1 and
 * BMI2 (every CPU with these, Haswell and Zen on, also has the F16C, LZCNT
 * and MOVBE of the level, which clang 14 cannot ask about), x86-64-v4 as
 * AVX-512 F, BW, CD, DQ and VL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#if defined(__x86_64__)
static inline gboolean
gw_cpu_has_x86_64_v3 (void)
{
  __builtin_cpu_init ();
#if defined(__clang__) && __clang_major__ < 16
  return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") &&
         __builtin_cpu_supports ("bmi") && __builtin_cpu_supports ("bmi2");
#else
  return __builtin_cpu_supports ("x86-64-v3");
#endif
}

static inline gboolean
gw_cpu_has_x86_64_v4 (void)
{
  __builtin_cpu_init ();
#if defined(__clang__) && __clang_major__ < 16
  return gw_cpu_has_x86_64_v3 () && __builtin_cpu_supports ("avx512f") &&
         __builtin_cpu_supports ("avx512bw") && __builtin_cpu_supports ("avx512cd") &&
         __builtin_cpu_supports ("avx512dq") && __builtin_cpu_supports ("avx512vl");
#else
  return __builtin_cpu_supports ("x86-64-v4");
#endif
}
#endif
