;;; drive.el --- Drive Emacs with editors/emacs/pep-lsp.el like a user; report as JSON  -*- lexical-binding: t; -*-

;; Run by tests/editors/test_emacs.py:  PEP_LSP_EMACS_SPEC=spec.json emacs --batch -l pep-lsp.el -l drive.el
;; SPEC: {file, result, status_line, action: {line, character, title}}.  It observes and acts; the test judges.
;; pep-lsp.el is loaded first, as from an init file; `pep-lsp' comes from PATH.

;;; Code:

(require 'json)
(require 'cl-lib)
(require 'flymake)

(defvar drive-spec (let ((json-object-type 'alist) (json-array-type 'list) (json-key-type 'symbol))
                     (json-read-file (getenv "PEP_LSP_EMACS_SPEC"))))
(defvar drive-result nil "Alist of observations, written as JSON at the end.")

(defun drive-get (&rest keys)
  (let ((value drive-spec))
    (dolist (key keys value) (setq value (alist-get key value)))))

(defun drive-note (key value)
  (setf (alist-get key drive-result) value))

(defun drive-wait (predicate seconds)
  "Let Emacs read the server's messages until PREDICATE is true or SECONDS pass; return its value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    value))

(defun drive-diagnostics ()
  "Flymake's diagnostics in the buffer, in buffer order, as the test compares them."
  (mapcar (lambda (diag)
            (let ((beg (flymake-diagnostic-beg diag)) (end (flymake-diagnostic-end diag)))
              `((line . ,(1- (line-number-at-pos beg)))
                (start . ,(save-excursion (goto-char beg) (current-column)))
                (end . ,(save-excursion (goto-char end) (current-column)))
                (type . ,(symbol-name (flymake-diagnostic-type diag)))
                (message . ,(flymake-diagnostic-text diag)))))
          (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))

(defun drive-stable-diagnostics (seconds)
  "Wait for diagnostics, then until they have not changed for one second."
  (let ((last nil) (since (float-time)))
    (drive-wait (lambda ()
                  (flymake-start)
                  (let ((now (drive-diagnostics)))
                    (unless (equal now last) (setq last now since (float-time)))
                    (and now (> (- (float-time) since) 1.0))))
                seconds)
    last))

(defun drive-goto (line character)
  (goto-char (point-min))
  (forward-line line)
  (forward-char character))

(condition-case err
    (progn
      (find-file (drive-get 'file))
      (drive-note 'major_mode (symbol-name major-mode))
      ;; eglot-ensure connects after the next command; in batch no command runs, so run the hook.
      (run-hooks 'post-command-hook)
      (drive-note 'managed (and (drive-wait (lambda () (and (eglot-current-server) eglot--managed-mode)) 60) t))
      (drive-note 'server_name (plist-get (eglot--server-info (eglot-current-server)) :name))
      (drive-note 'diagnostics (drive-stable-diagnostics 60))
      ;; Completion as `completion-at-point' asks Eglot for it: after "Status: " on an emptied
      ;; value, then the line is put back as it was.
      (drive-goto (drive-get 'status_line) 0)
      (let ((original (buffer-substring (line-beginning-position) (line-end-position))))
        (delete-region (line-beginning-position) (line-end-position))
        (insert "Status: ")
        (let ((capf (eglot-completion-at-point)))
          (drive-note 'completion (and capf (all-completions "" (nth 2 capf)))))
        (delete-region (line-beginning-position) (line-end-position))
        (insert original))
      ;; The quick fix as a user picks it: M-x eglot-code-actions at the heading, then the title
      ;; from the menu (completing-read, as without a mouse).
      (drive-goto (drive-get 'action 'line) (drive-get 'action 'character))
      (let ((last-nonmenu-event 13) offered)
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt collection &rest _)
                     (setq offered (mapcar #'car collection))
                     (drive-get 'action 'title))))
          (call-interactively #'eglot-code-actions))
        (drive-note 'offered offered))
      (save-buffer)
      (drive-note 'diagnostics_after_fix (drive-stable-diagnostics 60))
      (eglot-shutdown (eglot-current-server)))
  (error (drive-note 'error (format "%S" err))))

(with-temp-file (drive-get 'result)
  (insert (json-encode drive-result)))
(kill-emacs 0)
;;; drive.el ends here
