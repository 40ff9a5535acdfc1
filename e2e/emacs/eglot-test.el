;;; eglot-test.el --- drive real Emacs + eglot against dagster2mage  -*- lexical-binding: t -*-
;; Run: emacs --batch -Q -l eglot-test.el  with SNIPPET (the README's eglot snippet, extracted),
;; WORKSPACE (a git repo holding the fixture project), RESULT_JSON; dagster2mage on PATH.
;; Records what it saw as JSON; the Go test (emacs_test.go) asserts.
(require 'package)
(add-to-list 'load-path (car (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/eglot-*")))
(require 'eglot)
(require 'json)

(defvar d2m-result nil)
(defvar d2m-diags nil)
(defun d2m-put (k v) (setq d2m-result (plist-put d2m-result k v)))
(defun d2m-finish (code)
  (with-temp-file (getenv "RESULT_JSON")
    (insert (json-encode d2m-result)))
  (kill-emacs code))

(run-at-time 60 nil (lambda () (d2m-put :error "watchdog") (d2m-finish 3)))

(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest args)
              (when (eq method 'textDocument/publishDiagnostics)
                (push (plist-get args :diagnostics) d2m-diags))))

(defun d2m-wait (what pred)
  (let ((end (+ (float-time) 30)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.05))
    (unless (funcall pred) (error "timed out waiting for %s" what))))

(condition-case err
    (progn
      (load (getenv "SNIPPET") nil t)
      ;; The entry eglot uses for python-mode: the first whose mode (or list of modes) names it.
      (d2m-put :server_program
               (format "%S" (cdr (seq-find (lambda (e)
                                             (let ((m (car e)))
                                               (or (eq m 'python-mode)
                                                   (and (consp m) (memq 'python-mode m)))))
                                           eglot-server-programs))))
      (find-file (expand-file-name "shop/assets.py" (getenv "WORKSPACE")))
      (python-mode)
      (apply #'eglot (eglot--guess-contact))
      (d2m-wait "the server" (lambda () (eglot-current-server)))
      (d2m-put :root (expand-file-name (project-root (eglot--project (eglot-current-server)))))
      (d2m-wait "diagnostics" (lambda () (and d2m-diags (> (length (car d2m-diags)) 0))))
      (d2m-put :diagnostics (car d2m-diags))
      ;; What the user sees in the buffer: Flymake's diagnostics.
      (flymake-start)
      (accept-process-output nil 0.5)
      (d2m-put :flymake (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
      (goto-char (point-min))
      (re-search-forward "^def clean_users")
      (forward-line -1)
      (forward-char 1)
      (let ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                    (eglot--TextDocumentPositionParams))))
        (d2m-put :hover (plist-get (plist-get hover :contents) :value)))
      (eglot-shutdown (eglot-current-server))
      (d2m-finish 0))
  (error (d2m-put :error (format "%S" err)) (d2m-finish 2)))
