/* gw-error.h: the GwError domain shared by the model, the file and the engines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_ERROR (gw_error_quark ())

/**
 * GwErrorCode:
 * @GW_ERROR_INVALID_VALUE: a value is out of range, NaN, infinite or of the wrong kind
 * @GW_ERROR_INVALID_REFERENCE: a row names a provider, deal, generation or input that does not exist
 * @GW_ERROR_INVALID_SCENARIO: a rule across rows is broken (duplicate names, end before start...)
 * @GW_ERROR_CORRELATION: the correlation pairs are inconsistent or not positive definite
 * @GW_ERROR_NOT_GIGAWATT: the file is not a Gigawatt scenario at all
 * @GW_ERROR_CORRUPT: the file is damaged or has been tampered with
 * @GW_ERROR_NEWER_VERSION: the file was written by a newer, incompatible Gigawatt
 * @GW_ERROR_PARSE: a JSON or text input cannot be parsed
 * @GW_ERROR_IO: reading or writing failed
 * @GW_ERROR_LIMIT: an input is larger than Gigawatt accepts
 * @GW_ERROR_ENGINE: an engine could not run
 * @GW_ERROR_CANCELLED: the operation was cancelled
 * @GW_ERROR_OVERFLOW: inputs inside their ranges gave results that are not finite
 * @GW_ERROR_CHANGED_ON_DISK: the file was changed by another program since it was read
 */
typedef enum
{
  GW_ERROR_INVALID_VALUE,
  GW_ERROR_INVALID_REFERENCE,
  GW_ERROR_INVALID_SCENARIO,
  GW_ERROR_CORRELATION,
  GW_ERROR_NOT_GIGAWATT,
  GW_ERROR_CORRUPT,
  GW_ERROR_NEWER_VERSION,
  GW_ERROR_PARSE,
  GW_ERROR_IO,
  GW_ERROR_LIMIT,
  GW_ERROR_ENGINE,
  GW_ERROR_CANCELLED,
  GW_ERROR_OVERFLOW,
  GW_ERROR_CHANGED_ON_DISK,
} GwErrorCode;

GQuark gw_error_quark (void);

G_END_DECLS
