package io.sigillo.deliverypoint.web;

import io.sigillo.deliverypoint.admin.MailboxAdminController.MailboxExistsException;
import io.sigillo.deliverypoint.admin.MailboxAdministration;
import io.sigillo.deliverypoint.admin.MailboxCreation.InvalidMailboxAddressException;
import io.sigillo.deliverypoint.mailbox.MailboxSearch;
import io.sigillo.deliverypoint.mailbox.MessageNotFoundException;
import jakarta.validation.ConstraintViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps domain exceptions to RFC 9457 problem documents, once for the whole service. */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(MessageNotFoundException.class)
    ProblemDetail notFound(MessageNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(MailboxAdministration.MailboxNotFoundException.class)
    ProblemDetail noMailbox(MailboxAdministration.MailboxNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(MailboxExistsException.class)
    ProblemDetail exists(MailboxExistsException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(InvalidMailboxAddressException.class)
    ProblemDetail invalidAddress(InvalidMailboxAddressException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("field", "address");
        return problem;
    }

    @ExceptionHandler(MailboxSearch.DayOutOfRangeException.class)
    ProblemDetail dayOutOfRange(MailboxSearch.DayOutOfRangeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameter(ConstraintViolationException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
