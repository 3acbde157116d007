package io.sigillo.accesspoint.web;

import io.sigillo.accesspoint.submission.AccessPoint.RefusedSubmission;
import io.sigillo.accesspoint.submission.SubmissionRefused;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps refusals to RFC 9457 problem documents, with the failing field and the notice's identifier; a request
 * parameter out of its range (and Spring's own method validation, through the base class) to 400.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(RefusedSubmission.class)
    ProblemDetail refused(RefusedSubmission e) {
        return problemOf(e);
    }

    /** The problem document of a refusal: status, reason, failing field and the notice's identifier. */
    public static ProblemDetail problemOf(RefusedSubmission e) {
        ProblemDetail problem = problem(e.refusal());
        if (e.noticeFor() != null) {
            problem.setProperty("messageId", e.noticeFor().value());
            problem.setProperty("nonAcceptanceNotice", true);
        }
        return problem;
    }

    @ExceptionHandler(SubmissionRefused.class)
    ProblemDetail unreadable(SubmissionRefused e) {
        return problem(e);
    }

    private static ProblemDetail problem(SubmissionRefused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.httpStatus()), e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameter(ConstraintViolationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getConstraintViolations()
                .stream().map(v -> parameter(v) + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        problem.setProperty("field", e.getConstraintViolations().stream().map(ProblemHandler::parameter).sorted()
                .findFirst().orElse(null));
        return problem;
    }

    /** The request parameter a violation is about: the last node of its path ({@code queue.page} gives page). */
    private static String parameter(ConstraintViolation<?> violation) {
        String path = String.valueOf(violation.getPropertyPath());
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
