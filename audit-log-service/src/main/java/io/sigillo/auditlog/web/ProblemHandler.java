package io.sigillo.auditlog.web;

import io.sigillo.auditlog.receipts.Reproductions;
import io.sigillo.auditlog.trace.TraceController.UnknownMessageException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps the admin API's exceptions to RFC 9457 problem documents. */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(UnknownMessageException.class)
    ProblemDetail unknown(UnknownMessageException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(Reproductions.UnknownReceiptException.class)
    ProblemDetail unknownReceipt(Reproductions.UnknownReceiptException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(Reproductions.NotReproducibleException.class)
    ProblemDetail notReproducible(Reproductions.NotReproducibleException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
