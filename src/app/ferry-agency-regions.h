/* ferry-agency-regions.h: the scopes an agency is granted on, as rows the
 * agency window's form and check pages both show
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-iam.h"

G_BEGIN_DECLS

/* A scope is a region id (its default project) or a project's name (a
 * sub-project such as "cn-north-4_dev"), as the copy dialog gives it. */

typedef struct
{
  char           *region;        /* the scope */
  GtkWidget      *row;
  GtkCheckButton *check;
  GtkImage       *status_icon;   /* with a status only */
  GtkLabel       *status_label;
} FerryAgencyRegionRow;

/* "Region (project name)". */
char        *ferry_agency_scope_dup_project_line (FerryClient        *client,
                                                  FerryAccount       *account,
                                                  const char         *scope);

/* Every region where @account has a project as a row of @list (emptied
 * first), the @required ones first, ticked and locked; with a status
 * (an icon and a label) at the end of each row when @with_status.
 * @toggled is called, swapped, with @data when a row's tick changes.
 * Returns the rows (FerryAgencyRegionRow), in their order. */
GPtrArray   *ferry_agency_region_rows_build      (GtkListBox         *list,
                                                  FerryClient        *client,
                                                  FerryAccount       *account,
                                                  const char * const *required,
                                                  gboolean            with_status,
                                                  GCallback           toggled,
                                                  gpointer            data);
/* The scopes of the ticked rows. */
GStrv        ferry_agency_region_rows_dup_ticked (GPtrArray          *rows);

/* The agency of that name in @agencies (FerryAgency items; may be NULL),
 * or NULL; the model keeps it. */
FerryAgency *ferry_agency_lookup                 (GListModel         *agencies,
                                                  const char         *name);

void         ferry_agency_clear_list_box         (GtkListBox         *list);

G_END_DECLS
