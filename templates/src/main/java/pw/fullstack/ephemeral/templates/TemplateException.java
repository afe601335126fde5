package pw.fullstack.ephemeral.templates;

import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * A template could not be rendered or its output was refused. The message names the template and
 * the variable or object at fault and never echoes a raw value (values are quoted with
 * {@link InvalidInputException#quote}), so it is safe for a log line or an event's reason.
 */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
