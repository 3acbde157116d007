package io.sigillo.auditlog.web;

import io.sigillo.auditlog.receipts.Reproductions;
import io.sigillo.auditlog.trace.TraceController.UnknownMessageException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
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

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameter(ConstraintViolationException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getConstraintViolations().stream()
                .map(v -> parameter(v) + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
    }

    @ExceptionHandler(BadParameterException.class)
    ProblemDetail badParameter(BadParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("parameter", e.parameter());
        return problem;
    }

    /** The parameter's own name: the last node of a path such as {@code search.size}. */
    private static String parameter(ConstraintViolation<?> violation) {
        return StreamSupport.stream(violation.getPropertyPath().spliterator(), false).reduce((a, b) -> b)
                .map(Path.Node::getName).orElse("a parameter");
    }
}
