/* ferry-window-private.h: what the tests and benchmarks reach of the
 * main window, and what its files share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-client.h"
#include "ferry-credentials.h"
#include "ferry-window.h"

G_BEGIN_DECLS

/* ferry-window.c is the object, its sessions, its accounts and its
 * closing; ferry-window-copy.c what it does for copies: the Copy button
 * and its dialog, the agency windows, and "Show in Destination". */

struct _FerryWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  /* What the windows share: the accounts, the sandbox, the queues. */
  FerrySession         *session;
  FerryAccountStore    *store;

  /* The session shown: an account id, FERRY_WINDOW_SANDBOX, or "" for
   * none (or one that is not remembered), and what it takes to connect
   * again. */
  char                 *session_id;
  char                 *session_name;
  FerryCredentials     *credentials;
  char                 *endpoint;
  char                 *home_region;
  GCancellable         *connect_cancellable;
  FerryClient          *client;
  FerryAccount         *account;
  /* The session's copies, kept by the FerrySession. */
  FerryCopyQueue       *queue;

  /* "Show in Destination": the image to select once its region loaded. */
  char                 *pending_image_id;
  guint                 pending_timeout_id;
  guint                 pending_tries;
  /* The user chose to stop following the copies: close for real. */
  gboolean              close_confirmed;
  /* ferry_window_show_session_tasks(): the tasks once connected. */
  gboolean              tasks_when_connected;

  /* Template children */
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewStack         *session_stack;
  AdwViewStackPage     *tasks_stack_page;
  FerryTasksPage       *tasks_page;
  GtkWidget            *sandbox_pill;
  GtkWidget            *copy_button;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *welcome_page;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  AdwStatusPage        *connect_error_page;
  FerryImagesPage      *images_page;
  GMenu                *accounts_section;
};

/* Any other service, for benchmarks and a sandbox in another process:
 * shown like an account named @name, and not remembered. */
void             ferry_window_connect           (FerryWindow      *self,
                                                 FerryCredentials *credentials,
                                                 const char       *endpoint_template,
                                                 const char       *home_region,
                                                 const char       *name);
/* The visible page: "welcome", "connecting", "connect-error" or "images"
 * (the session: its images or its tasks, see ferry_window_get_view()). */
const char      *ferry_window_get_page          (FerryWindow      *self);
/* The session's visible view: "images" or "tasks" (switched by the view
 * switcher, whose "Tasks" page has the number of copies queued or in
 * flight as its badge). */
const char      *ferry_window_get_view          (FerryWindow      *self);

/* ferry-window-copy.c */
/* Enables win.copy-image and sets the Copy button's tooltip. */
void             ferry_window_update_copy_action (FerryWindow     *self);
/* Forgets the image "Show in Destination" was waiting for. */
void             ferry_window_cancel_show_task  (FerryWindow      *self);
void             ferry_window_copy_image_action (GtkWidget        *widget,
                                                 const char       *action_name,
                                                 GVariant         *parameter);
void             ferry_window_agencies_action   (GtkWidget        *widget,
                                                 const char       *action_name,
                                                 GVariant         *parameter);
void             ferry_window_show_task_action  (GtkWidget        *widget,
                                                 const char       *action_name,
                                                 GVariant         *parameter);

G_END_DECLS
